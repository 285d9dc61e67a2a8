"""Ana imports a spreadsheet exported by a Brazilian Excel (semicolons, Windows-1252): she checks the proposed
columns, tells Funil what an unknown source becomes, runs a dry run, imports while the page follows the
progress, downloads the rejected rows, and rolls the import back."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from funil.catalog.models import Source
from funil.imports import engine
from funil.imports.models import ImportJob
from funil.imports.tests.helpers import csv_bytes
from funil.leads.models import Lead
from funil.testing.personas import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ROWS = [
    ["Nome", "Sobrenome", "E-mail", "Celular", "Origem", "Data de criação"],
    ["Joana", "Prado", "joana@prado.com.br", "(11) 98765-4321", "Feira do Livro", "31/01/2024"],
    ["Luís", "Melo", "sem-arroba", "", "", "02/02/2024"],
    ["Conceição", "Araújo", "conceicao@araujo.com.br", "", "Indicação", ""],
]


def log_in(page: Page, url: str, email: str) -> None:
    page.goto(f"{url}/login/")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("h1")).to_be_visible()


def test_import_a_spreadsheet_from_upload_to_rollback(page: Page, live_server, ana, tmp_path, screenshots_dir):
    sheet = tmp_path / "clientes.csv"
    sheet.write_bytes(csv_bytes(ROWS, delimiter=";", encoding="cp1252"))
    referral = Source.objects.get(workspace=ana.workspace, name="Referral")
    log_in(page, live_server.url, ana.user.email)
    page.locator(".usermenu summary").click()
    page.get_by_role("link", name="Imports").click()
    page.get_by_label("File (CSV or Excel .xlsx)").set_input_files(str(sheet))
    page.get_by_role("button", name="Upload and check the columns").click()

    expect(page.get_by_label("Encoding")).to_have_value("cp1252")
    expect(page.get_by_label("Delimiter")).to_have_value(";")
    expect(page.get_by_label("E-mail", exact=True)).to_have_value("email")
    expect(page.get_by_role("cell", name="+5511987654321")).to_be_visible()  # the preview, normalised
    page.get_by_label("Feira do Livro").select_option(str(referral.pk))
    page.screenshot(path=os.path.join(screenshots_dir, "import-setup.png"), full_page=True)

    page.get_by_role("button", name="Dry run").click()
    job = ImportJob.objects.get(workspace=ana.workspace)
    engine.run(job.pk)  # the worker's part
    page.reload()
    expect(
        page.get_by_text("3 rows: 2 new, 0 duplicates inside the file, 0 already in Funil, 1 with errors")
    ).to_be_visible()
    assert not Lead.objects.filter(workspace=ana.workspace).exists()

    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_role("progressbar")).to_be_visible()
    engine.run(job.pk)
    expect(page.get_by_text("2 created, 0 updated, 0 skipped as duplicates, 1 rejected.")).to_be_visible()  # polled
    joana = Lead.objects.get(email_normalized="joana@prado.com.br")
    assert joana.source == referral and joana.mobile_e164 == "+5511987654321"
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the rejected rows").click()
    rejected = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "sem-arroba" in rejected and "E-mail:" in rejected
    page.screenshot(path=os.path.join(screenshots_dir, "import-result.png"), full_page=True)

    page.get_by_text("Roll back this import").click()
    page.get_by_role("button", name="Yes, remove them").click()
    expect(page.get_by_text("Rolled back: 2 records removed.")).to_be_visible()
    assert not Lead.objects.filter(workspace=ana.workspace).exists()
