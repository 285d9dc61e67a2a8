"""A contact import end to end through the job: a pt-BR sheet mapped from its headers, rows read by the contacts'
own reader, each written through contact_create (a row the service refuses goes alone), companies linked or
created once, duplicates skipped inside the file and against Funil, the fill policy, the dry run, the rejected
rows, the rollback, and who may import."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from funil.activities.models import Activity, Kind
from funil.contacts.models import Company, Contact
from funil.contacts.services import company_create, contact_create, contact_update
from funil.core.errors import DomainError, Forbidden, ValidationFailed
from funil.imports import engine
from funil.imports.models import ImportJob, ImportRow, ImportStatus, RowOutcome
from funil.imports.services import SetUp, import_configure, import_rollback, import_upload, rejected_rows, report
from funil.testing.factories import make_deal

from .helpers import csv_bytes, run_to_end

pytestmark = pytest.mark.django_db

JOANA = "joana@prado.com.br"
HEADER = ["Nome completo", "E-mail", "Celular", "Empresa", "Cargo", "País", "Observações", "Data de cadastro"]


ROWS = """
Joana Prado|Joana@Prado.com.br|(11) 98765-4321|Prado Ltda|Diretora|Brasil|Cliente|31/01/2024
Luís Melo|nao-e-email||Melo SA||||
Rui Costa|rui@costa.pt||prado ltda||Portugal||
Joana P.|joana@prado.com.br||||||
Marta Lima|marta@lima.com||||Nárnia||
|||Empresa Sem Gente||||
Sofia Reis||+351 912 345 678|Reis & Filhos||||
Caio Dias|caio@dias.com||||||32/13/2024
"""


def rows() -> list[list[str]]:
    return [HEADER, *(line.split("|") for line in ROWS.strip().splitlines())]


def upload(actor, content: bytes, name: str = "contatos.csv") -> ImportJob:
    return import_upload(actor=actor, kind="contacts", upload=SimpleUploadedFile(name, content), filename=name)


def contact(actor, email: str) -> Contact:
    return Contact.objects.get(workspace=actor.workspace, email_normalized=email)


def test_a_ptbr_sheet_is_mapped_read_and_imported_with_its_companies(ana):
    job = upload(ana, csv_bytes(rows(), delimiter=";", encoding="cp1252"))
    assert job.mapping == [
        "full_name",
        "email",
        "mobile",
        "company_name",
        "title",
        "country",
        "notes",
        "created_at",
    ]
    done = run_to_end(ana, job)
    assert done.status == ImportStatus.DONE
    assert (done.created, done.updated, done.skipped, done.rejected) == (3, 0, 1, 4)
    joana = contact(ana, "joana@prado.com.br")
    assert (joana.first_name, joana.last_name, joana.title, joana.country) == ("Joana", "Prado", "Diretora", "BR")
    assert joana.mobile_e164 == "+5511987654321" and joana.owner == ana.user
    assert joana.created_at.date().isoformat() == "2024-01-31"
    rui = contact(ana, "rui@costa.pt")
    assert rui.company_id == joana.company_id and rui.country == "PT"  # one company for "Prado Ltda", "prado ltda"
    prado = joana.company
    assert prado is not None and prado.name == "Prado Ltda" and prado.domain == "prado.com.br"
    sofia = Contact.objects.get(workspace=ana.workspace, mobile_e164="+351912345678")
    assert sofia.company.name == "Reis & Filhos"
    assert Company.objects.filter(workspace=ana.workspace).count() == 2
    entry = Activity.objects.get(contact=joana, kind=Kind.IMPORT)
    assert entry.payload == {"import_job": job.pk, "row": 2, "file": "contatos.csv"} and entry.body == "Cliente"
    made = Activity.objects.get(company=prado, kind=Kind.IMPORT)
    assert made.payload["import_job"] == job.pk and made.payload["created_for"] == "contact"


def test_bad_rows_say_row_column_and_why_and_come_back_in_their_layout(ana):
    job = run_to_end(ana, upload(ana, csv_bytes(rows())))
    rejected = {r.row: r.errors for r in ImportRow.objects.filter(job=job, outcome=RowOutcome.REJECTED)}
    assert sorted(rejected) == [3, 6, 7, 9]
    assert rejected[3][0]["column"] == "E-mail" and rejected[3][0]["code"] == "email_invalid"
    assert rejected[6][0]["column"] == "País" and rejected[6][0]["code"] == "country_invalid"
    assert rejected[7][0]["code"] == "empty_row"
    assert rejected[9][0]["column"] == "Data de cadastro" and rejected[9][0]["code"] == "date_invalid"
    lines = "".join(rejected_rows(job)).lstrip("\ufeff").splitlines()
    assert lines[0].startswith(",".join(HEADER)) and lines[1].startswith("Luís Melo,nao-e-email")


def test_a_row_the_service_refuses_is_rejected_alone(ana):
    sheet = [
        ["Nome", "E-mail", "Empresa"],
        ["Ana Lima", "ana@lima.com", "x" * 201],
        ["Bia Dias", "bia@dias.com", "Dias SA"],
    ]
    job = run_to_end(ana, upload(ana, csv_bytes(sheet)))
    refused = ImportRow.objects.get(job=job, row=2)
    assert refused.outcome == RowOutcome.REJECTED and refused.errors[0]["column"] == "Empresa"
    assert refused.errors[0]["code"] == "too_long"
    assert list(Contact.objects.filter(workspace=ana.workspace).values_list("email_normalized", flat=True)) == [
        "bia@dias.com"
    ]
    assert list(Company.objects.filter(workspace=ana.workspace).values_list("name", flat=True)) == ["Dias SA"]


def test_duplicates_inside_the_file_and_against_funil_are_skipped(ana):
    existing = contact_create(actor=ana, data={"first_name": "Rui", "email": "RUI@costa.pt"})
    reis = company_create(actor=ana, data={"name": "Reis & Filhos"})
    job = run_to_end(ana, upload(ana, csv_bytes(rows())))
    skipped = {r.row: r for r in ImportRow.objects.filter(job=job, outcome=RowOutcome.SKIPPED)}
    assert (skipped[5].duplicate_row, skipped[5].record_id) == (2, None)
    assert (skipped[4].record_id, skipped[4].duplicate_row) == (existing.pk, None)
    assert Contact.objects.get(mobile_e164="+351912345678").company_id == reis.pk  # an existing company is linked
    outcomes = {entry["row"]: entry["outcome"] for entry in report(job)}
    assert outcomes == {2: "created", 3: "rejected", 4: "skipped", 5: "skipped", 6: "rejected", 7: "rejected"} | {
        8: "created",
        9: "rejected",
    }


def test_the_same_file_twice_adds_nothing_the_second_time(ana):
    content = csv_bytes(rows())
    first = run_to_end(ana, upload(ana, content))
    second = run_to_end(ana, upload(ana, content))
    assert (first.created, second.created, second.skipped) == (3, 0, 4)
    assert Contact.objects.filter(workspace=ana.workspace).count() == 3
    assert Company.objects.filter(workspace=ana.workspace).count() == 2


def test_duplicates_across_batches_name_the_earlier_row_and_reuse_its_company(ana, settings):
    settings.FUNIL_IMPORT_BATCH_ROWS = 2
    sheet = [
        ["Nome", "E-mail", "Empresa"],
        ["Ana Lima", "ana@lima.com", "Lima & Cia"],
        ["Bia Dias", "bia@dias.com", ""],
        ["Ana L.", "ANA@lima.com", ""],
        ["Caio Lima", "caio@lima.com", "LIMA & CIA"],
    ]
    job = run_to_end(ana, upload(ana, csv_bytes(sheet)))
    again = ImportRow.objects.get(job=job, row=4)
    assert again.outcome == RowOutcome.SKIPPED and again.duplicate_row == 2
    assert Company.objects.filter(workspace=ana.workspace).count() == 1
    assert contact(ana, "caio@lima.com").company == contact(ana, "ana@lima.com").company


def test_the_fill_policy_completes_an_existing_contact_without_overwriting_it(ana):
    joana = contact_create(
        actor=ana, data={"first_name": "Joana", "last_name": "Antiga", "email": "joana@prado.com.br"}
    )
    job = run_to_end(ana, upload(ana, csv_bytes(rows())), policy="fill")
    joana.refresh_from_db()
    assert job.updated == 1 and job.created == 2
    assert (joana.last_name, joana.title, joana.company.name) == ("Antiga", "Diretora", "Prado Ltda")
    assert joana.version == 2 and Activity.objects.filter(contact=joana, kind=Kind.FIELD_CHANGE).exists()


def test_the_overwrite_policy_replaces_the_fields_the_file_has(ana):
    joana = contact_create(
        actor=ana, data={"first_name": "Joana", "last_name": "Antiga", "email": "joana@prado.com.br"}
    )
    run_to_end(ana, upload(ana, csv_bytes(rows())), policy="overwrite")
    joana.refresh_from_db()
    assert (joana.last_name, joana.title) == ("Prado", "Diretora")


def test_a_dry_run_counts_and_writes_nothing(ana):
    contact_create(actor=ana, data={"first_name": "Sofia", "mobile": "+351 912 345 678"})
    job = run_to_end(ana, upload(ana, csv_bytes(rows())), dry_run=True)
    summary = job.dry_summary
    counts = (summary["rows"], summary["new"], summary["in_file"], summary["existing"], summary["rejected"])
    assert counts == (8, 2, 1, 1, 4) and summary["done"]
    assert job.status == ImportStatus.DRAFT and not ImportRow.objects.filter(job=job).exists()
    assert Contact.objects.filter(workspace=ana.workspace).count() == 1
    assert not Company.objects.filter(workspace=ana.workspace).exists()


def test_rollback_removes_untouched_contacts_and_their_new_companies_and_keeps_the_rest(ana):
    job = run_to_end(ana, upload(ana, csv_bytes(rows())))
    joana, rui = contact(ana, "joana@prado.com.br"), contact(ana, "rui@costa.pt")
    sofia = Contact.objects.get(mobile_e164="+351912345678")
    contact_update(actor=ana, contact=sofia, expected_version=sofia.version, changes={"title": "CEO"})
    make_deal(ana, contact=rui.pk)
    result = import_rollback(actor=ana, job=job)
    assert result.removed == 1 and sorted(result.kept) == sorted([rui.pk, sofia.pk])
    assert not Contact.objects.filter(pk=joana.pk).exists()
    names = set(Company.objects.filter(workspace=ana.workspace).values_list("name", flat=True))
    assert names == {"Prado Ltda", "Reis & Filhos"}  # Rui still works at Prado, Sofia at Reis
    job.refresh_from_db()
    assert job.status == ImportStatus.ROLLED_BACK


def test_rollback_of_an_untouched_import_leaves_nothing(ana):
    job = run_to_end(ana, upload(ana, csv_bytes(rows())))
    result = import_rollback(actor=ana, job=job)
    assert (result.removed, result.kept) == (3, [])
    assert not Contact.objects.filter(workspace=ana.workspace).exists()
    assert not Company.objects.filter(workspace=ana.workspace).exists()


def test_a_role_without_the_import_right_is_refused(bruno, rita):
    for actor in (bruno, rita):
        with pytest.raises(Forbidden):
            upload(actor, csv_bytes(rows()))
    assert not ImportJob.objects.exists()


def test_another_workspace_neither_sees_nor_matches_acmes_contacts(ana, carla):
    sheet = [["Nombre", "Correo", "Empresa"], ["Joana Prado", "joana@prado.com.br", "Prado Ltda"]]
    sheet.append(["Rui Costa", "rui@costa.pt", ""])
    run_to_end(ana, upload(ana, csv_bytes(rows())))
    job = run_to_end(carla, upload(carla, csv_bytes(sheet)))
    assert (job.created, job.skipped) == (2, 0)  # nothing of Acme's counted as a duplicate, nor linked
    assert Contact.objects.filter(workspace=carla.workspace).count() == 2
    prado = Company.objects.filter(name="Prado Ltda")
    assert sorted(prado.values_list("workspace_id", flat=True)) == sorted([ana.workspace.pk, carla.workspace.pk])


def test_a_mapping_without_a_name_email_or_phone_is_refused(ana):
    job = upload(ana, csv_bytes(rows()))
    mapping = ["" if t in ("full_name", "email", "mobile") else t for t in job.mapping]
    with pytest.raises(ValidationFailed) as refused:
        import_configure(actor=ana, job=job, setup=SetUp(mapping=mapping))
    assert refused.value.errors[0].code == "import_no_identity"


def test_an_owner_column_needs_the_right_to_assign(ana, bruno, acme):
    from funil.accounts.access import actor_for
    from funil.accounts.models import Membership, Role

    Membership.objects.filter(user=bruno.user).update(role=Role.MARKETING)  # may import, may not assign
    marketing = actor_for(bruno.user, acme)
    sheet = [["Nome", "E-mail", "Responsável"], ["Ana Lima", "ana@lima.com", "ana@acme.example.com"]]
    job = upload(marketing, csv_bytes(sheet))
    with pytest.raises(DomainError):
        run_to_end(marketing, job)
    assert not Contact.objects.filter(workspace=acme).exists()
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.FAILED


def test_the_preview_shows_rows_as_they_will_be_stored(ana):
    from funil.imports.services import import_preview

    preview = import_preview(actor=ana, job=upload(ana, csv_bytes(rows())), rows=3)
    assert preview[0].values["email_normalized"] == "joana@prado.com.br"
    assert preview[0].values["company_name"] == "Prado Ltda" and not preview[0].errors
    assert preview[1].errors[0]["column"] == "E-mail"
    assert not Contact.objects.exists()


def test_engine_runs_a_queued_job_once(ana):
    from funil.imports.services import import_start

    job = upload(ana, csv_bytes(rows()))
    import_configure(actor=ana, job=job, setup=SetUp(mapping=job.mapping))
    import_start(actor=ana, job=job, enqueue=False)
    assert engine.run(job.pk) is not None
    assert engine.run(job.pk) is None  # done: nobody takes it again
    assert Contact.objects.filter(workspace=ana.workspace).count() == 3
