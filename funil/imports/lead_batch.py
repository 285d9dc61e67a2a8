"""Writing one batch of lead rows: duplicates found (inside the batch, then in the workspace, including what
this job wrote in earlier batches), new leads inserted together with their import entries, duplicates skipped
or used to update the existing lead through `lead_update`, as the job's policy says."""

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from funil.accounts.access import Actor, can
from funil.activities.models import Activity, Kind
from funil.core.errors import DomainError, ValidationFailed
from funil.core.search import search_blob
from funil.leads.models import Lead
from funil.leads.services import lead_update
from funil.pipelines.models import Stage

from .copy_insert import RowsCopier, insert_all
from .lead_rows import LeadRow
from .models import DuplicatePolicy, ImportJob, ImportRow, RowOutcome

UPDATABLE_SKIP = ("email_normalized", "phone_e164", "mobile_e164", "search_text", "consent_at")


@dataclass
class BatchResult:
    rows: list[ImportRow] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: {o.value: 0 for o in RowOutcome})

    def add(self, row: ImportRow) -> None:
        self.rows.append(row)
        self.counts[row.outcome] += 1


@dataclass(frozen=True)
class Defaults:
    stage: Stage
    owner_id: int | None
    team_id: int | None
    source_id: int | None


def existing_matches(workspace_id: int, rows: list[LeadRow]) -> dict[str, int]:
    """key -> the oldest live lead with that email or phone: one query for the batch, each of its three parts
    on its own (workspace, column) index (an OR of the three would read the whole workspace)."""
    emails = sorted({k[2:] for r in rows for k in r.keys if k.startswith("e:")})
    phones = sorted({k[2:] for r in rows for k in r.keys if k.startswith("p:")})
    if not emails and not phones:
        return {}
    live = Lead.objects.filter(workspace_id=workspace_id)
    columns = ("pk", "email_normalized", "phone_e164", "mobile_e164")
    parts = [
        live.filter(email_normalized__in=emails).values_list(*columns),
        live.filter(phone_e164__in=phones).values_list(*columns),
        live.filter(mobile_e164__in=phones).values_list(*columns),
    ]
    found = sorted(set(parts[0].union(parts[1], parts[2], all=True)))
    matches: dict[str, int] = {}
    for pk, email, phone, mobile in found:
        for key in (f"e:{email}" if email else "", f"p:{phone}" if phone else "", f"p:{mobile}" if mobile else ""):
            if key:
                matches.setdefault(key, pk)
    return matches


def write_batch(
    actor: Actor, job: ImportJob, rows: list[LeadRow], defaults: Defaults, teams: dict[int, int | None]
) -> BatchResult:
    result = BatchResult()
    for row in rows:
        if row.errors:
            result.add(_rejected(job, row, row.errors))
    good = [row for row in rows if not row.errors]
    matches = existing_matches(job.workspace_id, good) if job.policy != DuplicatePolicy.CREATE else {}
    earlier = _rows_of_records(job, set(matches.values()))
    in_batch: dict[str, int] = {}
    fresh: list[LeadRow] = []
    for row in good:
        record = next((matches[k] for k in row.keys if k in matches), None)
        twin = next((in_batch[k] for k in row.keys if k in in_batch), None)
        if job.policy == DuplicatePolicy.CREATE or (record is None and twin is None):
            fresh.append(row)
            for key in row.keys:
                in_batch.setdefault(key, row.row)
        elif twin is not None:
            result.add(ImportRow(job=job, row=row.row, outcome=RowOutcome.SKIPPED, duplicate_row=twin))
        elif job.policy == DuplicatePolicy.SKIP:
            skipped = ImportRow(job=job, row=row.row, outcome=RowOutcome.SKIPPED, record_id=record)
            skipped.duplicate_row = earlier.get(record)  # type: ignore[arg-type]
            result.add(skipped)
        else:
            result.add(_update(actor, job, row, record))  # type: ignore[arg-type]
            for key in row.keys:  # a later row for the same person is a duplicate of this one
                in_batch.setdefault(key, row.row)
    for row, lead_id in zip(fresh, _create(actor, job, fresh, defaults, teams), strict=True):
        result.add(ImportRow(job=job, row=row.row, outcome=RowOutcome.CREATED, record_id=lead_id))
    insert_all(result.rows)
    return result


def _rows_of_records(job: ImportJob, records: set[int]) -> dict[int, int]:
    """Leads this job created in earlier batches -> their rows, to name "duplicate of row N" (read off the
    leads' import entries, which the timeline's lead index finds)."""
    if not records:
        return {}
    entries = Activity.objects.filter(lead_id__in=records, kind=Kind.IMPORT, payload__import_job=job.pk)
    return {lead_id: payload["row"] for lead_id, payload in entries.values_list("lead_id", "payload") if lead_id}


def _create(
    actor: Actor, job: ImportJob, rows: list[LeadRow], defaults: Defaults, teams: dict[int, int | None]
) -> list[int]:
    """The new leads and their import entries, each in one COPY (one bulk INSERT elsewhere)."""
    leads = [_lead_values(actor, job, row, defaults, teams) for row in rows]
    ids = _copier(Lead).insert(leads)
    user_id = actor.user.pk if actor.user else None
    label = "" if actor.user else actor.system_label
    entries = [
        {
            "workspace_id": job.workspace_id,
            "kind": Kind.IMPORT,
            "subject": "Imported",
            "body": row.entry.get("notes", ""),
            "payload": _payload(job, row),
            "actor_id": user_id,
            "actor_label": label,
            "lead_id": lead_id,
        }
        for row, lead_id in zip(rows, ids, strict=True)
    ]
    _copier(Activity).insert(entries)
    return ids


def _lead_values(
    actor: Actor, job: ImportJob, row: LeadRow, defaults: Defaults, teams: dict[int, int | None]
) -> dict[str, Any]:
    values = dict(row.values)
    owner_id = values.pop("owner_id", defaults.owner_id)
    stage_id = values.pop("stage_id", defaults.stage.pk)
    values.setdefault("source_id", defaults.source_id)
    values.update(
        workspace_id=job.workspace_id,
        pipeline_id=defaults.stage.pipeline_id if stage_id == defaults.stage.pk else job_pipeline(stage_id),
        stage_id=stage_id,
        owner_id=owner_id,
        team_id=teams.get(owner_id) if owner_id else None,
        created_by_id=job.created_by_id,
        created_at=row.created_at,  # None: stamped "now"
        currency=values.get("currency") or actor.workspace.currency,
    )
    values["search_text"] = search_blob(
        values.get("first_name", ""),
        values.get("last_name", ""),
        values.get("company_name", ""),
        values.get("email_normalized", ""),
        values.get("phone_e164", ""),
        values.get("mobile_e164", ""),
    )
    return values


_COPIERS: dict[type, RowsCopier] = {}


def _copier(model: type[Lead] | type[Activity]) -> RowsCopier:
    if model not in _COPIERS:
        _COPIERS[model] = RowsCopier(model)
    return _COPIERS[model]


_PIPELINES: dict[int, int] = {}


def job_pipeline(stage_id: int) -> int:
    if stage_id not in _PIPELINES:
        _PIPELINES[stage_id] = Stage.objects.values_list("pipeline_id", flat=True).get(pk=stage_id)
    return _PIPELINES[stage_id]


def _payload(job: ImportJob, row: LeadRow) -> dict[str, Any]:
    payload: dict[str, Any] = {"import_job": job.pk, "row": row.row, "file": job.filename}
    if row.entry.get("external_id"):
        payload["external_id"] = row.entry["external_id"]
    if row.entry.get("status"):
        payload["old_status"] = row.entry["status"]
    for target in ("stage", "source", "campaign", "owner"):
        if written := row.entry.get(f"{target}_as_written"):
            payload[f"{target}_as_written"] = written
    return payload


def _update(actor: Actor, job: ImportJob, row: LeadRow, record: int) -> ImportRow:
    """The existing lead gets the row's values: only its empty fields (fill), or every field the row has."""
    lead = Lead.objects.get(pk=record)
    if not can(actor, "lead", "update", lead):
        message = _("A lead with this email or phone exists, and you may not change it.")
        return _rejected(job, row, [{"column": "", "code": "duplicate_not_yours", "message": message}], record)
    changes = _changes(job, row, lead)
    if changes:
        try:
            with transaction.atomic():
                lead_update(actor=actor, lead=lead, expected_version=lead.version, changes=changes)
        except ValidationFailed as exc:
            errors = [{"column": e.field, "code": e.code, "message": e.message} for e in exc.errors]
            return _rejected(job, row, errors, record)
        except DomainError as exc:
            return _rejected(job, row, [{"column": "", "code": exc.code, "message": exc.message}], record)
    return ImportRow(job=job, row=row.row, outcome=RowOutcome.UPDATED, record_id=record)


def _changes(job: ImportJob, row: LeadRow, lead: Lead) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for name, value in row.values.items():
        if name in UPDATABLE_SKIP or name.endswith("_id") or value in ("", None, {}):
            continue
        if name == "custom_fields":
            current = lead.custom_fields or {}
            merged = {**value, **current} if job.policy == DuplicatePolicy.FILL else {**current, **value}
            if merged != current:
                changes[name] = merged
            continue
        if job.policy == DuplicatePolicy.FILL and getattr(lead, name, None) not in ("", None):
            continue
        if getattr(lead, name, None) != value:
            changes[name] = value
    return changes


def _rejected(job: ImportJob, row: LeadRow, errors: list[dict[str, str]], record: int | None = None) -> ImportRow:
    return ImportRow(
        job=job, row=row.row, outcome=RowOutcome.REJECTED, errors=errors, cells=row.cells, record_id=record
    )
