"""A deal import end to end through the job: a Pipedrive deals export mapped from its headers, rows read by the
deals' own reader and written through deal_create at the stage they name (a row the service refuses goes alone),
linked to the contact of their email and to their company, duplicates by title and contact or company, the
fill policy, the dry run, the rollback, and who may import."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from funil.activities.models import Activity, Kind
from funil.contacts.models import Company
from funil.contacts.services import company_create, contact_create
from funil.core.errors import Forbidden, ValidationFailed
from funil.deals.models import Deal
from funil.deals.services import deal_move
from funil.imports.models import ImportJob, ImportRow, ImportStatus, RowOutcome
from funil.imports.services import SetUp, import_configure, import_rollback, import_upload, rejected_rows, report
from funil.pipelines.models import Meaning, Pipeline, PipelineKind, Stage
from funil.testing.factories import deal_stage, make_deal

from .helpers import csv_bytes, run_to_end

pytestmark = pytest.mark.django_db

# Pipedrive's deals export with the person's and the organization's fields added.
HEADER = [
    "Deal - ID",
    "Deal - Title",
    "Deal - Owner",
    "Deal - Value",
    "Deal - Currency",
    "Deal - Probability",
    "Organization - Name",
    "Person - Email",
    "Deal - Pipeline",
    "Deal - Stage",
    "Deal - Status",
    "Deal - Deal created",
    "Deal - Expected close date",
]


ROWS = """
101|Licenças|Ana Souza|15000|BRL|60|Prado Ltda|joana@prado.com.br|Pipeline|Proposal|open|2024-03-05 10:15:00|2024-06-30
102|Consultoria||abc|BRL||||Pipeline|Qualification|open||
103|Implantação||R$ 2.500,00|||Nova Empresa|contato@nova.com.br|Pipeline|Contact Made|open|2024-03-07 09:00:00|
104|licenças||15000|BRL|||JOANA@prado.com.br|Pipeline|Proposal|open||
105|Renovação||1000|BRL||Prado Ltda||Pipeline|Won|won||
106|||100|BRL||||Pipeline||open||
107|Suporte||500|REAIS||||Pipeline||open||
108|Treinamento||800|BRL||Prado Ltda||Pipeline|Negociação|open||
109|Workshop||900|BRL||||Pipeline||open||2024-02-30
"""


def rows() -> list[list[str]]:
    return [HEADER, *(line.split("|") for line in ROWS.strip().splitlines())]


@pytest.fixture
def prado(ana) -> Company:
    return company_create(actor=ana, data={"name": "Prado Ltda"})


@pytest.fixture
def joana(ana, prado):
    return contact_create(actor=ana, data={"first_name": "Joana", "email": "joana@prado.com.br", "company": prado.pk})


def upload(actor, content: bytes, name: str = "deals-export.csv") -> ImportJob:
    return import_upload(actor=actor, kind="deals", upload=SimpleUploadedFile(name, content), filename=name)


def deal(actor, title: str) -> Deal:
    return Deal.objects.get(workspace=actor.workspace, title=title)


def test_a_pipedrive_export_is_mapped_read_and_imported_with_its_links(ana, joana, prado):
    job = upload(ana, csv_bytes(rows()))
    assert job.mapping == [
        "external_id",
        "title",
        "owner",
        "amount",
        "currency",
        "probability",
        "company_name",
        "contact_email",
        "pipeline",
        "stage",
        "",
        "created_at",
        "expected_close_date",
    ]
    assert job.value_map == {"stage": {"Contact Made": ""}}  # a stage Funil lacks: the first stage applies
    done = run_to_end(ana, job)
    assert done.status == ImportStatus.DONE
    assert (done.created, done.skipped, done.rejected) == (3, 1, 5)
    licences = deal(ana, "Licenças")
    assert (licences.amount, licences.currency, licences.probability) == (Decimal("15000.00"), "BRL", 60)
    assert (licences.stage.name, licences.contact, licences.company, licences.owner) == (
        "Proposal",
        joana,
        prado,
        ana.user,
    )
    assert licences.expected_close_date == datetime.date(2024, 6, 30)
    assert licences.created_at.date().isoformat() == "2024-03-05" and licences.source.kind == "import"
    entry = Activity.objects.get(deal=licences, kind=Kind.IMPORT)
    assert entry.payload["pipeline_as_written"] == "Pipeline" and entry.payload["external_id"] == "101"
    setup = deal(ana, "Implantação")
    assert (setup.amount, setup.currency, setup.stage.name, setup.contact) == (
        Decimal("2500.00"),
        "BRL",
        "Qualification",
        None,
    )
    assert (setup.company.name, setup.company.domain) == ("Nova Empresa", "nova.com.br")
    entry = Activity.objects.get(deal=setup, kind=Kind.IMPORT)
    assert entry.payload["contact_email"] == "contato@nova.com.br"  # kept for whoever links the contact later
    assert entry.payload["stage_as_written"] == "Contact Made"
    training = deal(ana, "Treinamento")
    assert (training.stage.name, training.company, training.contact) == ("Negotiation", prado, None)
    assert Company.objects.filter(workspace=ana.workspace).count() == 2


def test_bad_rows_say_row_column_and_why_while_their_neighbours_go_in(ana, joana):
    job = run_to_end(ana, upload(ana, csv_bytes(rows())))
    rejected = {r.row: r.errors[0] for r in ImportRow.objects.filter(job=job, outcome=RowOutcome.REJECTED)}
    assert sorted(rejected) == [3, 6, 7, 8, 10]
    assert (rejected[3]["column"], rejected[3]["code"]) == ("Deal - Value", "amount_invalid")
    assert (rejected[6]["column"], rejected[6]["code"]) == ("Deal - Stage", "stage_closed")
    assert rejected[7]["code"] == "empty_row"
    assert (rejected[8]["column"], rejected[8]["code"]) == ("Deal - Currency", "currency_invalid")
    assert (rejected[10]["column"], rejected[10]["code"]) == ("Deal - Expected close date", "date_invalid")
    lines = "".join(rejected_rows(job)).lstrip("\ufeff").splitlines()
    assert len(lines) == 6 and lines[1].startswith("102,Consultoria,,abc") and "Deal - Value:" in lines[1]


def test_a_row_the_stage_gate_refuses_is_rejected_alone(ana):
    Stage.objects.filter(pk=deal_stage(ana, "Proposal").pk).update(required_fields=["amount"])
    sheet = [
        ["Deal - Title", "Deal - Value", "Deal - Stage"],
        ["Sem valor", "", "Proposal"],
        ["Com valor", "1200", "Proposal"],
    ]
    job = run_to_end(ana, upload(ana, csv_bytes(sheet)))
    refused = ImportRow.objects.get(job=job, row=2)
    assert refused.outcome == RowOutcome.REJECTED
    assert (refused.errors[0]["column"], refused.errors[0]["code"]) == ("Deal - Value", "stage_gate")
    assert list(Deal.objects.filter(workspace=ana.workspace).values_list("title", flat=True)) == ["Com valor"]


def test_the_pipeline_named_decides_where_the_stage_is_looked_for(ana):
    partners = Pipeline.objects.create(workspace=ana.workspace, kind=PipelineKind.DEAL, name="Parcerias", position=1)
    for i, (name, meaning) in enumerate([("Contato", Meaning.OPEN), ("Proposal", Meaning.OPEN), ("Won", Meaning.WON)]):
        Stage.objects.create(workspace=ana.workspace, pipeline=partners, name=name, meaning=meaning, position=i)
    sheet = [
        ["Deal - Title", "Deal - Pipeline", "Deal - Stage"],
        ["Parceria A", "Parcerias", "Proposal"],
        ["Parceria B", "parcerias", ""],
        ["Venda C", "Vendas", "Proposal"],  # the default pipeline, as it reads in Portuguese
    ]
    run_to_end(ana, upload(ana, csv_bytes(sheet)))
    placed = {d.title: (d.pipeline.name, d.stage.name) for d in Deal.objects.filter(workspace=ana.workspace)}
    assert placed == {
        "Parceria A": ("Parcerias", "Proposal"),
        "Parceria B": ("Parcerias", "Contato"),
        "Venda C": ("Sales", "Proposal"),
    }


def test_duplicates_inside_the_file_and_against_funil_are_skipped(ana, joana, prado):
    training = make_deal(ana, title="TREINAMENTO", company=prado.pk)
    job = run_to_end(ana, upload(ana, csv_bytes(rows())))
    skipped = {r.row: r for r in ImportRow.objects.filter(job=job, outcome=RowOutcome.SKIPPED)}
    assert skipped[5].duplicate_row == 2  # the same title about the same contact, however written
    assert skipped[9].record_id == training.pk
    outcomes = {entry["row"]: entry["outcome"] for entry in report(job)}
    assert [outcomes[n] for n in range(2, 11)] == [
        "created",
        "rejected",
        "created",
        "skipped",
        "rejected",
        "rejected",
        "rejected",
        "skipped",
        "rejected",
    ]


def test_the_same_file_twice_adds_nothing_the_second_time(ana, joana):
    content = csv_bytes(rows())
    first = run_to_end(ana, upload(ana, content))
    second = run_to_end(ana, upload(ana, content))
    assert (first.created, second.created, second.skipped) == (3, 0, 4)
    assert Deal.objects.filter(workspace=ana.workspace).count() == 3
    assert Company.objects.filter(workspace=ana.workspace).count() == 2  # "Nova Empresa" made once


def test_the_fill_policy_completes_an_existing_deal_without_overwriting_it(ana, joana, prado):
    licences = make_deal(ana, title="LICENÇAS", contact=joana.pk, amount="0")
    job = run_to_end(ana, upload(ana, csv_bytes(rows())), policy="fill")
    licences.refresh_from_db()
    assert job.updated == 1 and job.created == 2
    assert (licences.title, licences.amount, licences.company) == ("LICENÇAS", Decimal("15000.00"), prado)
    assert licences.probability == 20 and licences.expected_close_date == datetime.date(2024, 6, 30)
    assert Activity.objects.filter(deal=licences, kind=Kind.FIELD_CHANGE).exists()


def test_a_dry_run_counts_and_writes_nothing(ana, joana, prado):
    make_deal(ana, title="Treinamento", company=prado.pk)
    job = run_to_end(ana, upload(ana, csv_bytes(rows())), dry_run=True)
    summary = job.dry_summary
    counts = (summary["rows"], summary["new"], summary["in_file"], summary["existing"], summary["rejected"])
    assert counts == (9, 2, 1, 1, 5)
    assert job.status == ImportStatus.DRAFT and not ImportRow.objects.filter(job=job).exists()
    assert Deal.objects.filter(workspace=ana.workspace).count() == 1
    assert Company.objects.filter(workspace=ana.workspace).count() == 1


def test_rollback_removes_untouched_deals_and_their_new_companies(ana, joana, prado):
    job = run_to_end(ana, upload(ana, csv_bytes(rows())))
    licences = deal(ana, "Licenças")
    deal_move(actor=ana, deal=licences, stage=deal_stage(ana, "Negotiation"), expected_version=licences.version)
    result = import_rollback(actor=ana, job=job)
    assert result.removed == 2 and result.kept == [licences.pk]
    assert list(Deal.objects.filter(workspace=ana.workspace)) == [licences]
    assert list(Company.objects.filter(workspace=ana.workspace)) == [prado]  # "Nova Empresa" went with its deal


def test_a_role_without_the_import_right_is_refused(bruno, rita):
    for actor in (bruno, rita):
        with pytest.raises(Forbidden):
            upload(actor, csv_bytes(rows()))
    assert not ImportJob.objects.exists()


def test_a_mapping_without_the_title_is_refused(ana):
    job = upload(ana, csv_bytes(rows()))
    mapping = ["" if t == "title" else t for t in job.mapping]
    with pytest.raises(ValidationFailed) as refused:
        import_configure(actor=ana, job=job, setup=SetUp(mapping=mapping))
    assert refused.value.errors[0].code == "import_no_identity"
