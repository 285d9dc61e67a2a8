"""Running an import job: the file read from where the last committed batch ended, each batch of rows read,
matched and written in one transaction together with the job's checkpoint, so a worker killed mid-way leaves
a job that the next run finishes with every row imported exactly once."""

import hashlib
import logging
from collections.abc import Callable, Iterator
from datetime import timedelta
from itertools import islice
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce, Now
from django.utils import timezone

from funil.accounts.access import Actor, actor_for
from funil.accounts.models import User

from . import kinds
from .lead_rows import LeadRow, RowContext
from .lookups import load_lookups
from .models import ImportJob, ImportStatus, RowOutcome
from .parallel import read_batches
from .reading import FileFormat, Row, read_rows
from .value_map import folded
from .values import DateOrder

log = logging.getLogger(__name__)
Progress = Callable[[ImportJob], None]


def stall_after() -> timedelta:
    """A running job whose worker has been silent this long is taken over (its worker died)."""
    return timedelta(seconds=settings.FUNIL_IMPORT_STALL_SECONDS)


def claim(job_id: int) -> ImportJob | None:
    """Take a queued job, or a running one whose worker went silent; None when another worker has it."""
    now = timezone.now()
    takeable = Q(status=ImportStatus.QUEUED) | Q(status=ImportStatus.RUNNING, heartbeat_at__lt=now - stall_after())
    taken = ImportJob.objects.filter(takeable, pk=job_id).update(
        status=ImportStatus.RUNNING, heartbeat_at=now, started_at=Coalesce(F("started_at"), Now())
    )
    return ImportJob.objects.select_related("workspace", "created_by").get(pk=job_id) if taken else None


def run(job_id: int, progress: Progress | None = None) -> ImportJob | None:
    job = claim(job_id)
    if job is None:
        return None
    try:
        if job.dry_run:
            _dry_run(job, progress)
        else:
            _import(job, progress)
    except Exception as exc:  # the job says it failed, with the reason; the rows committed stay counted
        log.exception("import %s failed", job.pk)
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.FAILED, error=str(exc)[:2000], finished_at=Now())
        raise
    job.refresh_from_db()
    return job


def _actor(job: ImportJob) -> Actor:
    user = job.created_by or User(pk=None)
    return actor_for(user, job.workspace) if job.created_by else Actor.system(job.workspace, "import")


def _context(job: ImportJob, actor: Actor | None = None) -> RowContext:
    kind = kinds.handler(job.kind)
    lookups = load_lookups(job.workspace, kind.pipeline_kind)
    order = DateOrder(job.date_order) if job.date_order else DateOrder.DMY
    return RowContext(
        job.workspace,
        list(job.headers),
        list(job.mapping),
        lookups,
        order,
        folded(job.value_map),
        kind=job.kind,
        actor=actor or _actor(job),
    )


def file_format(job: ImportJob) -> FileFormat:
    return FileFormat(kind=job.file_kind, encoding=job.encoding, delimiter=job.delimiter)


def batches(job: ImportJob, start: int) -> Iterator[list[Row]]:
    rows = read_rows(job.file.path, file_format(job), start=start)
    while chunk := list(islice(rows, settings.FUNIL_IMPORT_BATCH_ROWS)):
        yield chunk


def _import(job: ImportJob, progress: Progress | None) -> None:
    actor = _actor(job)
    ctx = _context(job, actor)
    write = kinds.handler(job.kind).writer(actor, job, ctx)
    for chunk, rows in read_batches(ctx, batches(job, job.done_rows), big=job.total_rows - job.done_rows):
        if ImportJob.objects.filter(pk=job.pk, cancel_requested=True).exists():
            _finish(job, ImportStatus.CANCELLED)
            return
        with transaction.atomic():
            if not _still_ours(job):
                return  # another worker took the job over; it carries on from the last checkpoint
            result = write(rows)
            counts = result.counts
            job.done_rows += len(chunk)
            ImportJob.objects.filter(pk=job.pk).update(
                done_rows=job.done_rows,
                created=F("created") + counts[RowOutcome.CREATED],
                updated=F("updated") + counts[RowOutcome.UPDATED],
                skipped=F("skipped") + counts[RowOutcome.SKIPPED],
                rejected=F("rejected") + counts[RowOutcome.REJECTED],
                heartbeat_at=Now(),
            )
        if progress:
            job.refresh_from_db()
            progress(job)
    _finish(job, ImportStatus.DONE)


def _still_ours(job: ImportJob) -> bool:
    """The checkpoint, locked: unchanged since this worker read it, or someone else is writing this job."""
    current = ImportJob.objects.select_for_update().filter(pk=job.pk).values_list("done_rows", "status").first()
    return current == (job.done_rows, ImportStatus.RUNNING)


def _finish(job: ImportJob, status: str) -> None:
    ImportJob.objects.filter(pk=job.pk).update(status=status, finished_at=Now(), heartbeat_at=Now())


def _dry_run(job: ImportJob, progress: Progress | None) -> None:
    """Every row read and matched, nothing written: new records, duplicates inside the file, matches with
    existing records, and errors (the first hundred of them shown)."""
    ctx = _context(job)
    seen: set[int] = set()  # 8-byte digests of the identity keys met so far: memory stays small
    summary = {"rows": 0, "new": 0, "in_file": 0, "existing": 0, "rejected": 0, "errors": []}
    for _chunk, rows in read_batches(ctx, batches(job, 0), big=job.total_rows):
        if ImportJob.objects.filter(pk=job.pk, cancel_requested=True).exists():
            _finish(job, ImportStatus.CANCELLED)
            return
        _count_dry(job, rows, seen, summary)
        ImportJob.objects.filter(pk=job.pk).update(dry_summary=summary, heartbeat_at=Now())
        if progress:
            job.dry_summary = summary
            progress(job)
    summary["done"] = True
    ImportJob.objects.filter(pk=job.pk).update(
        dry_summary=summary, status=ImportStatus.DRAFT, dry_run=False, finished_at=None, heartbeat_at=None
    )


def _count_dry(job: ImportJob, rows: list[LeadRow], seen: set[int], summary: dict[str, Any]) -> None:
    summary["rows"] += len(rows)
    good = [row for row in rows if not row.errors]
    existing = kinds.handler(job.kind).existing(job.workspace_id, good)
    for row in rows:
        if row.errors:
            summary["rejected"] += 1
            if len(summary["errors"]) < 100:
                summary["errors"].append({"row": row.row, "errors": row.errors})
            continue
        digests = [_digest(key) for key in row.keys]
        if any(d in seen for d in digests):
            summary["in_file"] += 1
        elif any(key in existing for key in row.keys):
            summary["existing"] += 1
        else:
            summary["new"] += 1
        seen.update(digests)


def _digest(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big")
