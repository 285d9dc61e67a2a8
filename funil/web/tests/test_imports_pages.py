"""The import pages: upload, set-up with preview and unknown names, dry run, start, progress, result,
rejected rows, report and rollback; bad input answered on the page; roles without the right refused."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from funil.imports import engine
from funil.imports.models import ImportJob, ImportStatus
from funil.imports.tests.helpers import csv_bytes
from funil.leads.models import Lead

pytestmark = pytest.mark.django_db

ROWS = [
    ["Nome", "E-mail", "Telefone", "Origem", "Orçamento"],
    ["Joana Prado", "joana@prado.com.br", "(11) 3456-7890", "Feira", "R$ 1.500,00"],
    ["Luís Melo", "nao-e-email", "", "", ""],
    ["Rui Costa", "rui@costa.pt", "", "Indicação", ""],
]


def uploaded(client, ana, rows=ROWS, name="leads.csv") -> ImportJob:
    client.force_login(ana.user)
    response = client.post(reverse("web:imports"), {"kind": "leads", "file": SimpleUploadedFile(name, csv_bytes(rows))})
    assert response.status_code == 302
    return ImportJob.objects.get(workspace=ana.workspace, filename=name)


def setup_form(job: ImportJob, action: str, **extra: str) -> dict[str, str]:
    form = {f"col-{i}": target for i, target in enumerate(job.mapping)}
    form.update(action=action, policy="skip", date_order=job.date_order, encoding=job.encoding, delimiter=job.delimiter)
    form.update(extra)
    return form


def test_upload_shows_the_columns_a_preview_and_the_unknown_names(client, ana):
    job = uploaded(client, ana)
    page = client.get(reverse("web:import_job", args=[job.pk])).content.decode()
    assert 'name="col-0"' in page and '<option value="full_name" selected' in page
    assert "Feira" in page and "Create “Feira”" in page  # a source the workspace does not have
    assert "joana@prado.com.br" in page and "+551134567890" in page  # the preview shows stored values
    assert "E-mail:" in page  # the bad row says why already


def test_the_whole_path_dry_run_then_import_then_rollback(client, ana, django_capture_on_commit_callbacks):
    job = uploaded(client, ana)
    url = reverse("web:import_setup", args=[job.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, setup_form(job, "dry_run")).status_code == 302
    engine.run(job.pk)  # what the worker does with the queued task
    page = client.get(reverse("web:import_job", args=[job.pk])).content.decode()
    assert "3 rows: 2 new, 0 duplicates inside the file, 0 already in Funil, 1 with errors" in page
    assert Lead.objects.filter(workspace=ana.workspace).count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, setup_form(job, "start"))
    job.refresh_from_db()
    assert job.status == ImportStatus.QUEUED
    progress = client.get(reverse("web:import_progress", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 1s"' in progress.content.decode() and "HX-Refresh" not in progress
    engine.run(job.pk)
    finished = client.get(reverse("web:import_progress", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert finished["HX-Refresh"] == "true"
    page = client.get(reverse("web:import_job", args=[job.pk])).content.decode()
    assert "2 created, 0 updated, 0 skipped as duplicates, 1 rejected." in page
    rejected = b"".join(client.get(reverse("web:import_rejected", args=[job.pk])).streaming_content).decode()
    assert rejected.lstrip("\ufeff").splitlines()[1].startswith("Luís Melo,nao-e-email")
    report = json.loads(b"".join(client.get(reverse("web:import_report", args=[job.pk])).streaming_content))
    assert [r["outcome"] for r in report["rows"]] == ["created", "rejected", "created"]
    assert client.post(reverse("web:import_rollback", args=[job.pk])).status_code == 302
    assert Lead.objects.filter(workspace=ana.workspace).count() == 0
    assert "Rolled back: 2 records removed." in client.get(reverse("web:import_job", args=[job.pk])).content.decode()


def test_bad_set_up_is_answered_on_the_page(client, ana):
    job = uploaded(client, ana)
    url = reverse("web:import_setup", args=[job.pk])
    twice = setup_form(job, "preview", **{"col-1": "email", "col-2": "email"})
    response = client.post(url, twice)
    assert response.status_code == 422 and "Each field can take only one column." in response.content.decode()
    nothing = setup_form(job, "preview", **{f"col-{i}": "" for i in range(5)})
    assert "Map at least one column" in client.post(url, nothing).content.decode()


def test_a_file_that_is_not_a_table_is_refused_with_a_reason(client, ana):
    client.force_login(ana.user)
    response = client.post(
        reverse("web:imports"), {"kind": "leads", "file": SimpleUploadedFile("x.xlsx", b"%PDF-1.4 \x00\x01")}
    )
    assert response.status_code == 422 and 'role="alert"' in response.content.decode()
    assert client.post(reverse("web:imports"), {"kind": "leads"}).status_code == 422
    empty = client.post(reverse("web:imports"), {"kind": "leads", "file": SimpleUploadedFile("e.csv", b"")})
    assert empty.status_code == 422


def test_roles_without_import_rights_and_other_workspaces_are_kept_out(client, ana, rita, carla):
    job = uploaded(client, ana)
    client.force_login(rita.user)  # read-only
    assert client.get(reverse("web:imports")).status_code == 403
    assert client.get(reverse("web:import_job", args=[job.pk])).status_code in (403, 404)
    client.force_login(carla.user)  # another workspace's admin
    assert client.get(reverse("web:import_job", args=[job.pk])).status_code == 404
    assert client.post(reverse("web:import_rollback", args=[job.pk])).status_code == 404
