"""Writing import files in tests and running a job to its end in this process."""

import csv
import io
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from funil.accounts.access import Actor
from funil.imports import engine
from funil.imports.models import ImportJob
from funil.imports.services import SetUp, import_configure, import_start, import_upload


def csv_bytes(rows: list[list[str]], *, delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


def upload(actor: Actor, content: bytes, name: str = "leads.csv", **kwargs: str) -> ImportJob:
    return import_upload(actor=actor, kind="leads", upload=SimpleUploadedFile(name, content), filename=name, **kwargs)


def run_to_end(actor: Actor, job: ImportJob, *, dry_run: bool = False, policy: str = "skip") -> ImportJob:
    import_configure(actor=actor, job=job, setup=SetUp(mapping=list(job.mapping), policy=policy))
    import_start(actor=actor, job=job, dry_run=dry_run, enqueue=False)
    done = engine.run(job.pk)
    assert done is not None
    return done


def write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path
