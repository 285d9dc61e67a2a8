"""A worker killed in the middle of an import: the next worker takes the job over once it has been silent too
long, carries on from the last committed batch, and every row ends up imported exactly once."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from funil.imports.models import ImportJob, ImportRow, ImportStatus
from funil.imports.services import SetUp, import_configure, import_start
from funil.leads.models import Lead

from .helpers import csv_bytes, upload

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[3]
ROWS = 6000


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    return f"sqlite:///{db['NAME']}"


def start_worker() -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "FUNIL_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "FUNIL_IMPORT_BATCH_ROWS": "100",
        "FUNIL_IMPORT_STALL_SECONDS": "2",
        "FUNIL_SCHEDULER_TICK_SECONDS": "1",
        "FUNIL_LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "-m", "funil.cli", "worker"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_for(check, seconds: float) -> ImportJob:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = ImportJob.objects.get()
        if check(job):
            return job
        time.sleep(0.05)
    raise AssertionError(f"gave up waiting: {ImportJob.objects.values().get()}")


def test_a_killed_worker_leaves_a_job_the_next_one_finishes_exactly_once(ana):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(("file:", ":memory:")):
        pytest.skip("a worker process needs the test database in a file")
    people = [[f"Pessoa {i}", f"pessoa{i}@exemplo.com.br"] for i in range(ROWS)]
    job = upload(ana, csv_bytes([["Nome", "E-mail"], *people]))
    import_configure(actor=ana, job=job, setup=SetUp(mapping=job.mapping))
    import_start(actor=ana, job=job)
    first = start_worker()
    try:
        wait_for(lambda j: j.done_rows >= 500, 60)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        cut = ImportJob.objects.get()
        assert cut.status == ImportStatus.RUNNING and 0 < cut.done_rows < ROWS
        second = start_worker()
        try:
            done = wait_for(lambda j: j.status == ImportStatus.DONE, 90)
        finally:
            second.terminate()
            second.wait(timeout=30)
    finally:
        if first.poll() is None:
            first.kill()
    assert done.created == ROWS and done.done_rows == ROWS
    assert Lead.objects.filter(workspace=ana.workspace).count() == ROWS
    assert ImportRow.objects.filter(job=done).count() == ROWS
    emails = Lead.objects.filter(workspace=ana.workspace).values_list("email_normalized", flat=True)
    assert len(set(emails)) == ROWS
