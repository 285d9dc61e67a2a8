"""A company import end to end through the job: a HubSpot companies export mapped from its headers, rows read by
the contacts app's own reader and written through company_create (a row the service refuses goes alone),
duplicates found by domain and folded name, the fill policy, the dry run, the rollback, and who may import."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from funil.activities.models import Activity, Kind
from funil.contacts.models import Company
from funil.contacts.services import company_create, company_update, contact_create
from funil.core.errors import Forbidden, ValidationFailed
from funil.imports.models import ImportJob, ImportRow, ImportStatus, RowOutcome
from funil.imports.services import SetUp, import_configure, import_rollback, import_upload, rejected_rows, report
from funil.testing.factories import make_deal

from .helpers import csv_bytes, run_to_end

pytestmark = pytest.mark.django_db

# Columns of HubSpot's "Export all companies" (the lifecycle stage is a HubSpot notion: left unmapped).
HEADER = [
    "Record ID",
    "Company name",
    "Company owner",
    "Create Date",
    "Phone Number",
    "Country/Region",
    "Industry",
    "Company Domain Name",
    "Number of Employees",
    "Website URL",
    "Lifecycle Stage",
]
ROWS = """
5001|Prado Ltda|Ana Souza|2023-05-10 14:32|+55 11 3456-7890|Brazil|RETAIL|prado.com.br|120|www.prado.com.br|customer
5002|Melo SA||2023-06-01 09:00||Portugal||melo.pt|cinquenta||lead
5003|Reis & Filhos|Bruno Lima|2023-06-02 10:00||Portugal|WHOLESALE||1,000|http://www.reis.pt/loja|lead
5004|PRADO LTDA.||2023-07-01 08:00||Brazil||prado.com.br|||
5005|||2023-07-02 08:00||Spain|||||
5006|Costa Lda|Pedro Sem Conta|2023-07-03 08:00||Portugal||costa.pt|8||
5007|Lima & Cia||2023-07-04 08:00|12|Brazil|||||
5008|Dias Comércio||2023-07-05 08:00||Atlantis||dias.com.br|||
"""


def rows() -> list[list[str]]:
    return [HEADER, *(line.split("|") for line in ROWS.strip().splitlines())]


def upload(actor, content: bytes, name: str = "hubspot-crm-exports-all-companies.csv") -> ImportJob:
    return import_upload(actor=actor, kind="companies", upload=SimpleUploadedFile(name, content), filename=name)


def company(actor, name: str) -> Company:
    return Company.objects.get(workspace=actor.workspace, name=name)


def test_a_hubspot_export_is_mapped_read_and_imported(ana, bruno):
    job = upload(ana, csv_bytes(rows()))
    assert job.mapping == [
        "external_id",
        "name",
        "owner",
        "created_at",
        "phone",
        "country",
        "industry",
        "domain",
        "size",
        "website",
        "",
    ]
    assert job.value_map == {"owner": {"Pedro Sem Conta": ""}}  # nobody of that name: the importer owns it
    done = run_to_end(ana, job)
    assert done.status == ImportStatus.DONE
    assert (done.created, done.skipped, done.rejected) == (3, 1, 4)
    prado = company(ana, "Prado Ltda")
    assert (prado.domain, prado.size, prado.country, prado.phone_e164) == ("prado.com.br", 120, "BR", "+551134567890")
    assert prado.owner == ana.user and prado.created_at.date().isoformat() == "2023-05-10"
    reis = company(ana, "Reis & Filhos")
    assert (reis.domain, reis.size, reis.owner) == ("reis.pt", 1000, bruno.user)  # the domain read off the website
    costa = company(ana, "Costa Lda")
    assert costa.owner == ana.user
    entry = Activity.objects.get(company=costa, kind=Kind.IMPORT)
    assert entry.payload["external_id"] == "5006" and entry.payload["owner_as_written"] == "Pedro Sem Conta"
    assert entry.payload["import_job"] == job.pk and entry.payload["row"] == 7


def test_bad_rows_say_row_column_and_why_while_their_neighbours_go_in(ana, bruno):
    job = run_to_end(ana, upload(ana, csv_bytes(rows())))
    rejected = {r.row: r.errors for r in ImportRow.objects.filter(job=job, outcome=RowOutcome.REJECTED)}
    assert sorted(rejected) == [3, 6, 8, 9]
    assert (rejected[3][0]["column"], rejected[3][0]["code"]) == ("Number of Employees", "invalid")
    assert rejected[6][0]["code"] == "empty_row"
    assert (rejected[8][0]["column"], rejected[8][0]["code"]) == ("Phone Number", "phone_invalid")
    assert (rejected[9][0]["column"], rejected[9][0]["code"]) == ("Country/Region", "country_invalid")
    lines = "".join(rejected_rows(job)).lstrip("\ufeff").splitlines()
    assert lines[1].startswith("5002,Melo SA") and "Number of Employees:" in lines[1]


def test_a_duplicate_by_domain_inside_the_file_and_by_name_in_funil(ana, bruno):
    costa = company_create(actor=ana, data={"name": "COSTA  LDA"})
    job = run_to_end(ana, upload(ana, csv_bytes(rows())))
    skipped = {r.row: r for r in ImportRow.objects.filter(job=job, outcome=RowOutcome.SKIPPED)}
    assert skipped[5].duplicate_row == 2  # "PRADO LTDA." with Prado's domain
    assert skipped[7].record_id == costa.pk  # the same name, however it is written
    assert Company.objects.filter(workspace=ana.workspace).count() == 3
    outcomes = {entry["row"]: entry["outcome"] for entry in report(job)}
    assert [outcomes[n] for n in range(2, 10)] == [
        "created",
        "rejected",
        "created",
        "skipped",
        "rejected",
        "skipped",
        "rejected",
        "rejected",
    ]


def test_the_same_file_twice_adds_nothing_the_second_time(ana, bruno):
    content = csv_bytes(rows())
    first = run_to_end(ana, upload(ana, content))
    second = run_to_end(ana, upload(ana, content))
    assert (first.created, second.created, second.skipped) == (3, 0, 4)
    assert Company.objects.filter(workspace=ana.workspace).count() == 3


def test_the_fill_policy_completes_an_existing_company_without_overwriting_it(ana, bruno):
    prado = company_create(actor=ana, data={"name": "Prado", "domain": "prado.com.br", "industry": "Varejo"})
    job = run_to_end(ana, upload(ana, csv_bytes(rows())), policy="fill")
    prado.refresh_from_db()
    assert job.updated == 1 and job.skipped == 1  # row 5 repeats Prado's domain: a duplicate of row 2
    assert (prado.name, prado.industry, prado.size, prado.country) == ("Prado", "Varejo", 120, "BR")
    assert Activity.objects.filter(company=prado, kind=Kind.FIELD_CHANGE).exists()


def test_a_dry_run_counts_and_writes_nothing(ana, bruno):
    company_create(actor=ana, data={"name": "Costa Lda"})
    job = run_to_end(ana, upload(ana, csv_bytes(rows())), dry_run=True)
    summary = job.dry_summary
    counts = (summary["rows"], summary["new"], summary["in_file"], summary["existing"], summary["rejected"])
    assert counts == (8, 2, 1, 1, 4)
    assert summary["errors"][0] == {"row": 3, "errors": summary["errors"][0]["errors"]}
    assert job.status == ImportStatus.DRAFT and not ImportRow.objects.filter(job=job).exists()
    assert Company.objects.filter(workspace=ana.workspace).count() == 1


def test_rollback_keeps_companies_with_deals_contacts_or_changes(ana, bruno):
    job = run_to_end(ana, upload(ana, csv_bytes(rows())))
    prado, reis, costa = company(ana, "Prado Ltda"), company(ana, "Reis & Filhos"), company(ana, "Costa Lda")
    make_deal(ana, company=prado.pk)
    company_update(actor=ana, company=reis, expected_version=reis.version, changes={"city": "Braga"})
    result = import_rollback(actor=ana, job=job)
    assert result.removed == 1 and sorted(result.kept) == sorted([prado.pk, reis.pk])
    assert not Company.objects.filter(pk=costa.pk).exists()


def test_rollback_keeps_a_company_someone_linked_a_contact_to(ana, bruno):
    job = run_to_end(ana, upload(ana, csv_bytes(rows())))
    prado = company(ana, "Prado Ltda")
    contact_create(actor=ana, data={"first_name": "Joana", "company": prado.pk})
    result = import_rollback(actor=ana, job=job)
    assert result.removed == 2 and result.kept == [prado.pk]


def test_a_role_without_the_import_right_is_refused(bruno, rita):
    for actor in (bruno, rita):
        with pytest.raises(Forbidden):
            upload(actor, csv_bytes(rows()))
    assert not ImportJob.objects.exists()


def test_a_mapping_without_the_name_is_refused(ana):
    job = upload(ana, csv_bytes(rows()))
    mapping = ["" if t == "name" else t for t in job.mapping]
    with pytest.raises(ValidationFailed) as refused:
        import_configure(actor=ana, job=job, setup=SetUp(mapping=mapping))
    assert refused.value.errors[0].code == "import_no_identity"


def test_a_custom_field_column_is_stored_and_a_wrong_value_rejected_by_its_column(ana):
    from funil.catalog.services.fields import custom_field_create

    custom_field_create(
        actor=ana, data={"entity": "company", "label": "Segmento", "type": "choice", "choices": ["Varejo", "Indústria"]}
    )
    sheet = [["Company name", "Segmento"], ["Prado Ltda", "Varejo"], ["Melo SA", "Agro"]]
    job = upload(ana, csv_bytes(sheet))
    assert job.mapping == ["name", "custom:segmento"]
    run_to_end(ana, job)
    assert company(ana, "Prado Ltda").custom_fields == {"segmento": "Varejo"}
    refused = ImportRow.objects.get(job=job, row=3)
    assert refused.outcome == RowOutcome.REJECTED and refused.errors[0]["column"] == "Segmento"
    assert refused.errors[0]["code"] == "custom_field_invalid"
