"""An import from upload to rollback: upload (the file sniffed, its columns mapped from their names), set-up
(mapping, encoding, delimiter, date order, duplicate policy), preview, dry run, start, cancel, rollback.
Every door (web pages, the API, `funil import`) calls these."""

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from itertools import islice
from typing import Any

from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from funil.accounts.access import Actor, require
from funil.catalog.models import CustomField
from funil.core.errors import DomainError, FieldError, ValidationFailed
from funil.exports.safety import formula_safe

from . import columns, kinds, value_map
from .engine import _context, file_format
from .lead_rows import LeadRow
from .lookups import fold, load_lookups
from .models import DuplicatePolicy, ImportJob, ImportRow, ImportStatus, RowOutcome, SavedMapping
from .reading import ENCODINGS, FileFormat, count_rows, read_header, read_rows, sniff
from .values import DateOrder, guess_date_order

MAX_UPLOAD_BYTES = 512 * 1024 * 1024
DATE_TARGETS = ("created_at",)


class ImportError_(StrEnum):
    KIND_UNSUPPORTED = "import_kind_unsupported"
    FILE_TOO_LARGE = "import_file_too_large"
    MAPPING_INVALID = "import_mapping_invalid"
    TARGET_TWICE = "import_target_twice"
    NO_IDENTITY = "import_no_identity"
    NOT_DRAFT = "import_not_draft"
    NOT_RUNNING = "import_not_running"
    NOT_DONE = "import_not_done"
    MAPPING_UNKNOWN = "import_mapping_unknown"
    VALUE_CHOICE_INVALID = "import_value_choice_invalid"


def _entity(kind: str) -> str:
    return {"leads": "lead", "contacts": "contact", "companies": "company", "deals": "deal"}[kind]


def custom_fields(actor: Actor, kind: str) -> list[tuple[str, str]]:
    entity = _entity(kind)
    found = CustomField.objects.filter(workspace=actor.workspace, entity=entity, active=True).order_by("position", "pk")
    return [(f.key, f.label) for f in found]


def import_upload(*, actor: Actor, kind: str, upload: File, filename: str, mapping_name: str = "") -> ImportJob:
    """A new job in set-up: the file stored, its format sniffed and its columns mapped from their names."""
    if kind not in kinds.supported():
        raise DomainError(ImportError_.KIND_UNSUPPORTED, _("Funil cannot import that kind of record."))
    require(actor, _entity(kind), "import")
    if (upload.size or 0) > MAX_UPLOAD_BYTES:
        raise DomainError(ImportError_.FILE_TOO_LARGE, _("The file is larger than 512 MB."))
    job = ImportJob(workspace=actor.workspace, kind=kind, filename=filename[:255], created_by=actor.user)
    job.file.save(filename[:100] or "import.csv", upload, save=False)
    try:
        fmt = sniff(job.file.path, filename=filename)
        headers = read_header(job.file.path, fmt)
    except DomainError:
        job.file.delete(save=False)
        raise
    job.file_kind, job.encoding, job.delimiter, job.headers = fmt.kind, fmt.encoding, fmt.delimiter, headers
    job.mapping = _proposed(actor, kind, headers, mapping_name)
    _guess_dates(actor, job)
    _scan_values(actor, job)
    job.save()
    return job


def _scan_values(actor: Actor, job: ImportJob) -> None:
    job.values_seen = value_map.scan(job, load_lookups(actor.workspace, kinds.handler(job.kind).pipeline_kind))
    job.value_map = value_map.proposed(actor, job.values_seen, job.value_map)


def _proposed(actor: Actor, kind: str, headers: list[str], mapping_name: str) -> list[str]:
    proposed = columns.propose(kind, headers, custom_fields(actor, kind))
    if not mapping_name:
        return proposed
    saved = SavedMapping.objects.filter(workspace=actor.workspace, kind=kind, name=mapping_name).first()
    if saved is None:
        raise DomainError(
            ImportError_.MAPPING_UNKNOWN, _("There is no saved mapping %(name)s.") % {"name": mapping_name}
        )
    return [saved.columns.get(fold(header), proposal) for header, proposal in zip(headers, proposed, strict=True)]


def _guess_dates(actor: Actor, job: ImportJob) -> None:
    """The date order read off the whole date column (dd/mm or mm/dd), with the reason shown to the user."""
    indexes = [i for i, target in enumerate(job.mapping) if target in DATE_TARGETS]
    default = DateOrder.MDY if actor.workspace.country == "US" else DateOrder.DMY
    if not indexes:
        job.date_order, job.date_note = default, ""
        return
    samples = (
        row.cells[i] for row in read_rows(job.file.path, file_format(job)) for i in indexes if i < len(row.cells)
    )
    guess = guess_date_order((s for s in samples if s), default=default)
    job.date_order, job.date_note = guess.order, str(guess.reason)[:300]


@dataclass(frozen=True)
class SetUp:
    mapping: list[str]
    encoding: str = ""
    delimiter: str = ""
    date_order: str = ""
    policy: str = DuplicatePolicy.SKIP
    save_as: str = ""
    value_map: dict[str, dict[str, str]] | None = None  # {target: {text as written: choice}}; None keeps them


def import_configure(*, actor: Actor, job: ImportJob, setup: SetUp) -> ImportJob:
    _editable(actor, job)
    errors = _check_setup(actor, job, setup)
    if errors:
        raise ValidationFailed(errors)
    remap = job.mapping != list(setup.mapping)
    job.mapping = list(setup.mapping)
    if job.file_kind == "csv":
        job.encoding = setup.encoding or job.encoding
        job.delimiter = setup.delimiter or job.delimiter
    job.date_order = setup.date_order or job.date_order
    job.policy = setup.policy
    with transaction.atomic():
        job.save()
        if setup.save_as.strip():
            named = {fold(h): t for h, t in zip(job.headers, job.mapping, strict=True)}
            SavedMapping.objects.update_or_create(
                workspace=actor.workspace,
                kind=job.kind,
                name=setup.save_as.strip()[:120],
                defaults={"columns": named, "created_by": actor.user},
            )
    if setup.encoding or setup.delimiter:
        job.headers = read_header(job.file.path, file_format(job))
        job.save(update_fields=["headers"])
    if remap or setup.encoding or setup.delimiter:
        _scan_values(actor, job)
    if setup.value_map is not None:
        job.value_map = {t: {**job.value_map.get(t, {}), **setup.value_map.get(t, {})} for t in job.value_map}
    wrong = value_map.check(actor, load_lookups(actor.workspace, kinds.handler(job.kind).pipeline_kind), job.value_map)
    if wrong:
        message = _("Choose what each value becomes from the lists.")
        raise ValidationFailed(
            [FieldError(f"values.{target}", ImportError_.VALUE_CHOICE_INVALID, message) for target in wrong]
        )
    job.save(update_fields=["values_seen", "value_map"])
    return job


def _check_setup(actor: Actor, job: ImportJob, setup: SetUp) -> list[FieldError]:
    errors: list[FieldError] = []
    valid = {t.key for t in columns.targets(job.kind, custom_fields(actor, job.kind))}
    if len(setup.mapping) != len(job.headers) or any(t and t not in valid for t in setup.mapping):
        errors.append(
            FieldError("mapping", ImportError_.MAPPING_INVALID, _("Choose a field, or none, for each column."))
        )
    used = [t for t in setup.mapping if t]
    if len(used) != len(set(used)):
        errors.append(FieldError("mapping", ImportError_.TARGET_TWICE, _("Each field can take only one column.")))
    if not set(used) & set(kinds.handler(job.kind).identity_targets):
        message = _("Map at least one column to a name, a company, an email or a phone.")
        errors.append(FieldError("mapping", ImportError_.NO_IDENTITY, message))
    if setup.encoding and setup.encoding not in {codec for codec, _label in ENCODINGS}:
        errors.append(FieldError("encoding", "invalid", _("Not an encoding Funil reads.")))
    if setup.delimiter and setup.delimiter not in (",", ";", "\t", "|"):
        errors.append(FieldError("delimiter", "invalid", _("Not a delimiter Funil reads.")))
    if setup.date_order and setup.date_order not in DateOrder.__members__.values():
        errors.append(FieldError("date_order", "invalid", _("Not a date order.")))
    if setup.policy not in DuplicatePolicy.values:
        errors.append(FieldError("policy", "invalid", _("Not a duplicate policy.")))
    return errors


def _editable(actor: Actor, job: ImportJob) -> None:
    require(actor, _entity(job.kind), "import")
    if job.status != ImportStatus.DRAFT:
        raise DomainError(ImportError_.NOT_DRAFT, _("This import has started; its set-up can no longer change."))


def import_preview(*, actor: Actor, job: ImportJob, rows: int = 10) -> list[LeadRow]:
    """The first rows as they will be stored, or why not."""
    require(actor, _entity(job.kind), "import")
    chunk = list(islice(read_rows(job.file.path, file_format(job)), rows))
    return kinds.handler(job.kind).read_batch(_context(job, actor), chunk)


def import_start(*, actor: Actor, job: ImportJob, dry_run: bool = False, enqueue: bool = True) -> ImportJob:
    """Queue the job (or its dry run) for a worker; without `enqueue` the caller runs it (`engine.run`)."""
    from .tasks import run_import

    _editable(actor, job)
    if job.dry_summary.get("running"):
        raise DomainError(ImportError_.NOT_DRAFT, _("A dry run of this import is already running."))
    job.total_rows = count_rows(job.file.path, file_format(job))
    if not dry_run:
        job.value_map = value_map.create_new(actor, job)
    job.status, job.dry_run, job.cancel_requested = ImportStatus.QUEUED, dry_run, False
    if dry_run:
        job.dry_summary = {}
    with transaction.atomic():
        job.save()
        if enqueue:
            transaction.on_commit(lambda: run_import.enqueue(job.pk))
    return job


def import_cancel(*, actor: Actor, job: ImportJob) -> ImportJob:
    require(actor, _entity(job.kind), "import")
    if job.status not in (ImportStatus.QUEUED, ImportStatus.RUNNING):
        raise DomainError(ImportError_.NOT_RUNNING, _("This import is not running."))
    ImportJob.objects.filter(pk=job.pk).update(cancel_requested=True)
    if job.status == ImportStatus.QUEUED:
        ImportJob.objects.filter(pk=job.pk, status=ImportStatus.QUEUED).update(
            status=ImportStatus.DRAFT if job.dry_run else ImportStatus.CANCELLED, dry_run=False
        )
    job.refresh_from_db()
    return job


@dataclass(frozen=True)
class Rollback:
    removed: int
    kept: list[int]  # leads changed since the import, left in place


def import_rollback(*, actor: Actor, job: ImportJob) -> Rollback:
    """Remove the records this import created that nobody has touched since; report those it keeps."""
    require(actor, _entity(job.kind), "delete")
    if job.status not in (ImportStatus.DONE, ImportStatus.CANCELLED, ImportStatus.FAILED):
        raise DomainError(ImportError_.NOT_DONE, _("Only a finished import can be rolled back."))
    made = ImportRow.objects.filter(job=job, outcome=RowOutcome.CREATED).values_list("record_id", flat=True)
    handler = kinds.handler(job.kind)
    removed = 0
    kept: list[int] = []
    step = 500  # the most one delete takes at once
    for start in range(0, job.created + 1, step):
        ids = [pk for pk in made.order_by("row")[start : start + step] if pk is not None]
        if ids:
            gone, still = handler.rollback(actor, ids)
            removed, kept = removed + gone, kept + still
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.ROLLED_BACK, rolled_back_at=timezone.now())
    return Rollback(removed, kept)


def rejected_rows(job: ImportJob) -> Iterator[str]:
    """The rejected rows in the file's own layout plus an error column, as CSV text, to fix and import again."""
    out = io.StringIO()
    writer = csv.writer(out)

    def flush() -> str:
        text = out.getvalue()
        out.seek(0)
        out.truncate()
        return text

    writer.writerow([formula_safe(h) for h in [*job.headers, _("Errors")]])
    yield "\ufeff" + flush()
    rows = ImportRow.objects.filter(job=job, outcome=RowOutcome.REJECTED).order_by("row")
    for row in rows.iterator(chunk_size=2000):
        writer.writerow([formula_safe(cell) for cell in [*(row.cells or []), explain(row.errors or [])]])
        yield flush()


def explain(errors: Iterable[dict[str, Any]]) -> str:
    return "; ".join(f"{e['column']}: {e['message']}" if e.get("column") else str(e["message"]) for e in errors)


def report(job: ImportJob) -> Iterator[dict[str, Any]]:
    """Every row's outcome, for the JSON report of `funil import --report`."""
    rows = ImportRow.objects.filter(job=job).order_by("row")
    for row in rows.iterator(chunk_size=5000):
        entry: dict[str, Any] = {"row": row.row, "outcome": row.outcome}
        if row.record_id:
            entry["record"] = row.record_id
        if row.duplicate_row:
            entry["duplicate_of_row"] = row.duplicate_row
        if row.errors:
            entry["reasons"] = [e["code"] for e in row.errors]
            entry["errors"] = row.errors
        yield entry


def format_choices(job: ImportJob) -> FileFormat:
    return file_format(job)
