"""A lead import end to end through the job: mapping proposed from the headers, rows normalised by the same
reader as every door, bad rows rejected with their row, column and reason while their neighbours go in,
duplicates skipped (inside the file and against Funil), the timeline entry, and the report."""

import pytest

from funil.activities.models import Activity, Kind
from funil.imports.models import ImportRow, ImportStatus, RowOutcome
from funil.imports.services import rejected_rows, report
from funil.leads.models import Lead
from funil.testing.factories import make_lead

from .helpers import csv_bytes, run_to_end, upload

pytestmark = pytest.mark.django_db

HEADER = ["Nome", "Sobrenome", "E-mail", "Telefone", "Empresa", "Origem", "Data de criação", "Orçamento", "Segmento"]


def rows() -> list[list[str]]:
    return [
        HEADER,
        [
            "Joana",
            "Prado",
            "Joana@Prado.com.br",
            "(11) 3456-7890",
            "Prado Ltda",
            "Indicação",
            "31/01/2024",
            "R$ 1.234,56",
            "",
        ],
        ["Luís", "Melo", "nao-e-email", "", "Melo SA", "", "", "", ""],
        ["Rui", "Costa", "rui@costa.pt", "", "", "Feira", "", "", ""],
        ["Joana", "P.", "joana@prado.com.br", "", "", "", "", "", ""],
        ["Marta", "Lima", "marta@lima.com", "", "", "", "05/02/2024", "abc", ""],
        ["", "", "", "", "", "", "", "", ""],
        ["Sofia", "Reis", "sofia@reis.com", "+351 912 345 678", "Reis & Filhos", "", "", "", ""],
    ]


def test_a_semicolon_latin1_file_is_read_mapped_and_imported(ana):
    job = upload(ana, csv_bytes(rows(), delimiter=";", encoding="cp1252"), "leads-ptbr.csv")
    assert (job.encoding, job.delimiter) == ("cp1252", ";")
    assert job.mapping[:5] == ["first_name", "last_name", "email", "phone", "company_name"]
    done = run_to_end(ana, job)
    assert done.status == ImportStatus.DONE
    assert (done.created, done.skipped, done.rejected) == (3, 1, 2)
    joana = Lead.objects.get(workspace=ana.workspace, email_normalized="joana@prado.com.br")
    assert joana.phone_e164 == "+551134567890" and str(joana.budget) == "1234.56"
    assert joana.created_at.date().isoformat() == "2024-01-31" and joana.source.name == "Referral"
    sofia = Lead.objects.get(workspace=ana.workspace, email_normalized="sofia@reis.com")
    assert sofia.source.kind == "import"  # a row without a source says how it came in
    rui = Lead.objects.get(workspace=ana.workspace, email_normalized="rui@costa.pt")
    assert rui.source.name == "Feira"  # a source the workspace did not have, created for the admin's import
    entry = Activity.objects.get(lead=joana, kind=Kind.IMPORT)
    assert entry.payload["import_job"] == job.pk and entry.payload["row"] == 2


def test_every_rejected_row_says_where_and_why_and_comes_back_in_its_layout(ana):
    job = run_to_end(ana, upload(ana, csv_bytes(rows())))
    rejected = {r.row: r for r in ImportRow.objects.filter(job=job, outcome=RowOutcome.REJECTED)}
    assert sorted(rejected) == [3, 6]
    assert rejected[3].errors[0]["column"] == "E-mail" and rejected[3].errors[0]["code"]
    assert rejected[6].errors[0]["column"] == "Orçamento" and rejected[6].errors[0]["code"] == "amount_invalid"
    text = "".join(rejected_rows(job)).lstrip("\ufeff").splitlines()
    assert text[0].split(",")[: len(HEADER)] == HEADER and text[0].endswith("Errors")
    assert text[1].startswith("Luís,Melo,nao-e-email") and "E-mail:" in text[1]


def test_a_duplicate_inside_the_file_names_the_first_row(ana):
    job = run_to_end(ana, upload(ana, csv_bytes(rows())))
    skipped = ImportRow.objects.get(job=job, outcome=RowOutcome.SKIPPED)
    assert (skipped.row, skipped.duplicate_row) == (5, 2)
    outcomes = {entry["row"]: entry["outcome"] for entry in report(job)}
    assert outcomes == {2: "created", 3: "rejected", 4: "created", 5: "skipped", 6: "rejected", 8: "created"}


def test_the_same_file_twice_adds_nothing_the_second_time(ana):
    content = csv_bytes(rows())
    first = run_to_end(ana, upload(ana, content))
    second = run_to_end(ana, upload(ana, content))
    assert first.created == 3 and second.created == 0 and second.skipped == 4
    assert Lead.objects.filter(workspace=ana.workspace).count() == 3


def test_the_fill_policy_completes_an_existing_lead_without_overwriting_it(ana):
    lead = make_lead(ana, first_name="Joana", last_name="Antiga", email="joana@prado.com.br")
    job = run_to_end(ana, upload(ana, csv_bytes(rows())), policy="fill")
    lead.refresh_from_db()
    assert job.updated == 1 and lead.last_name == "Antiga" and lead.company_name == "Prado Ltda"
    assert Activity.objects.filter(lead=lead, kind=Kind.FIELD_CHANGE).exists()


def test_a_dry_run_counts_and_writes_nothing(ana):
    make_lead(ana, first_name="Sofia", email="sofia@reis.com")
    job = run_to_end(ana, upload(ana, csv_bytes(rows())), dry_run=True)
    summary = job.dry_summary
    assert (summary["rows"], summary["new"], summary["in_file"], summary["existing"], summary["rejected"]) == (
        6,
        2,
        1,
        1,
        2,
    )
    assert job.status == ImportStatus.DRAFT and not ImportRow.objects.filter(job=job).exists()
    assert Lead.objects.filter(workspace=ana.workspace).count() == 1


def test_rollback_removes_untouched_leads_and_keeps_changed_ones(ana):
    from funil.leads.services import lead_update

    job = run_to_end(ana, upload(ana, csv_bytes(rows())))
    sofia = Lead.objects.get(workspace=ana.workspace, email_normalized="sofia@reis.com")
    lead_update(actor=ana, lead=sofia, expected_version=sofia.version, changes={"title": "CEO"})
    from funil.imports.services import import_rollback

    result = import_rollback(actor=ana, job=job)
    assert result.removed == 2 and result.kept == [sofia.pk]
    assert list(Lead.objects.filter(workspace=ana.workspace)) == [sofia]


def test_formula_cells_are_stored_as_text_and_given_back_harmless(ana):
    sheet = [["Nome", "E-mail", "Empresa"], ['=HYPERLINK("http://x")', "a@b.com", "@SUM(A1)"], ["+cmd", "nada", "-2+3"]]
    job = run_to_end(ana, upload(ana, csv_bytes(sheet)))
    lead = Lead.objects.get(workspace=ana.workspace)
    assert lead.first_name == '=HYPERLINK("http://x")' and lead.company_name == "@SUM(A1)"  # text, never run
    lines = "".join(rejected_rows(job)).lstrip("\ufeff").splitlines()
    assert lines[1].startswith("'+cmd,nada,'-2+3,")


def test_a_long_cell_and_a_broken_last_line_are_rejected_alone(ana):
    content = csv_bytes(
        [["Nome", "E-mail", "Necessidade"], ["Ana", "ana@x.com", "x" * 10_000], ["Bia", "bia@x.com", "y" * 20_001]]
    )
    content += b'Caio,caio@x.com,"never closed'
    job = run_to_end(ana, upload(ana, content))
    rows = {r.row: r for r in ImportRow.objects.filter(job=job)}
    assert rows[2].outcome == RowOutcome.CREATED and len(Lead.objects.get(email_normalized="ana@x.com").need) == 10_000
    assert rows[3].outcome == RowOutcome.REJECTED and rows[3].errors[0]["code"] == "too_long"
    assert rows[4].outcome == RowOutcome.REJECTED and rows[4].errors[0]["code"] == "row_broken"


def test_an_xlsx_workbook_is_read_like_a_csv(ana, tmp_path):
    from datetime import datetime

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["First Name", "Last Name", "Email", "Created Date", "Annual Revenue"])
    sheet.append(["Lucía", "García", "lucia@garcia.es", datetime(2023, 3, 5), 120000])
    path = tmp_path / "export.xlsx"
    book.save(path)
    job = run_to_end(ana, upload(ana, path.read_bytes(), "export.xlsx"))
    lucia = Lead.objects.get(workspace=ana.workspace)
    assert job.file_kind == "xlsx" and job.created == 1
    assert (lucia.first_name, lucia.created_at.date().isoformat()) == ("Lucía", "2023-03-05")


def test_a_cancelled_import_stops_after_the_batch_it_is_writing(ana, settings):
    from funil.imports import engine
    from funil.imports.services import SetUp, import_cancel, import_configure, import_start

    settings.FUNIL_IMPORT_BATCH_ROWS = 2
    people = [[f"Pessoa {i}", f"p{i}@x.com"] for i in range(10)]
    job = upload(ana, csv_bytes([["Nome", "E-mail"], *people]))
    import_configure(actor=ana, job=job, setup=SetUp(mapping=job.mapping))
    import_start(actor=ana, job=job, enqueue=False)

    def cancel_once_started(running):  # what someone pressing Cancel on the page does meanwhile
        if running.done_rows == 2:
            import_cancel(actor=ana, job=running)

    done = engine.run(job.pk, progress=cancel_once_started)
    assert done.status == ImportStatus.CANCELLED and done.created == 2
    assert Lead.objects.filter(workspace=ana.workspace).count() == 2


def test_a_saved_mapping_maps_the_next_file_from_the_same_system(ana):
    from funil.imports.services import SetUp, import_configure

    first = upload(ana, csv_bytes([["Pessoa", "Correio"], ["Ana", "ana@x.com"]]))
    assert first.mapping[1] == ""  # nothing Funil can guess
    import_configure(actor=ana, job=first, setup=SetUp(mapping=["full_name", "email"], save_as="Planilha antiga"))
    second = upload(ana, csv_bytes([["Pessoa", "Correio"], ["Bia", "bia@x.com"]]), mapping_name="Planilha antiga")
    assert second.mapping == ["full_name", "email"]
