"""Deleting records with their timelines, shared by every `<entity>_delete` service (lead, deal, contact, company).

A deletion is all or nothing: every record is checked (the role's delete scope, then the entity's own rules) on
rows locked inside one transaction; if one may not go, none goes. Each record's timeline goes with it through
`Activity.objects.purge_with`, its files leave storage after the commit, and a workspace `AuditEntry` keeps who
deleted what and when. `plan_deletion` answers the same questions without writing, for the confirmation page.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.db import models, transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from funil.accounts.access import Actor, entity_of, require
from funil.core.errors import DomainError, NotFound, ValidationFailed
from funil.core.models import AuditEntry

from .models import Activity, Attachment

MAX_BATCH = 500


class DeletionError(StrEnum):
    TOO_MANY = "delete_too_many"
    LEAD_CONVERTED = "lead_converted"
    HAS_DEALS = "has_deals"


# {what: {record id: how many}}: related rows a deletion touches (or that block it), counted per record.
Extras = Callable[[list[int]], dict[str, dict[int, int]]]
# Raises a DomainError when the record must stay; gets the record and its own extra counts.
Check = Callable[[Any, dict[str, int]], None]


@dataclass
class Doomed:
    """One record of a plan: what goes with it, or why it stays."""

    record: Any
    timeline: int = 0
    files: int = 0
    extra: dict[str, int] = field(default_factory=dict)
    refusal: DomainError | None = None


@dataclass
class DeletionPlan:
    entity: str
    items: list[Doomed]

    @property
    def deletable(self) -> list[Doomed]:
        return [i for i in self.items if i.refusal is None]

    @property
    def refused(self) -> list[Doomed]:
        return [i for i in self.items if i.refusal is not None]

    @property
    def totals(self) -> dict[str, int]:
        """Sums over what will go: timeline rows, files and each extra."""
        sums: dict[str, int] = {"records": 0, "timeline": 0, "files": 0}
        for item in self.deletable:
            sums["records"] += 1
            sums["timeline"] += item.timeline
            sums["files"] += item.files
            for name, n in item.extra.items():
                sums[name] = sums.get(name, 0) + n
        return sums


def timeline_counts(fk: str, ids: list[int]) -> dict[int, tuple[int, int]]:
    """{record id: (timeline rows, files)} that would go with each record: two grouped queries."""
    own = Activity.objects.of_records(fk, ids)
    rows = dict(own.values_list(fk).annotate(n=Count("*")).order_by())
    files = dict(
        Attachment.objects.filter(activity__in=own).values_list(f"activity__{fk}").annotate(n=Count("*")).order_by()
    )
    return {pk: (rows.get(pk, 0), files.get(pk, 0)) for pk in ids}


def _per_record(more: dict[str, dict[int, int]], pk: int) -> dict[str, int]:
    return {name: per_record.get(pk, 0) for name, per_record in more.items()}


def _refusal(actor: Actor, entity: str, record: Any, check: Check, extra: dict[str, int]) -> DomainError | None:
    try:
        require(actor, entity, "delete", record)
        check(record, extra)
    except DomainError as exc:
        return exc
    return None


def plan_deletion(*, actor: Actor, records: Iterable[Any], check: Check, extras: Extras | None = None) -> DeletionPlan:
    """What deleting `records` would remove, and which of them would be refused and why. Writes nothing."""
    records = list(records)
    if not records:
        return DeletionPlan("", [])
    model = type(records[0])
    entity, fk = entity_of(model), str(model._meta.model_name)
    ids = [r.pk for r in records]
    counts = timeline_counts(fk, ids)
    more = extras(ids) if extras else {}
    items = [
        Doomed(
            record=r,
            timeline=counts[r.pk][0],
            files=counts[r.pk][1],
            extra=_per_record(more, r.pk),
            refusal=_refusal(actor, entity, r, check, _per_record(more, r.pk)),
        )
        for r in records
    ]
    return DeletionPlan(entity, items)


def delete_records[M: models.Model](
    *,
    actor: Actor,
    records: Iterable[M],
    check: Check,
    extras: Extras | None = None,
    details: Callable[[M], dict[str, Any]] | None = None,
    before: Callable[[list[M]], None] | None = None,
) -> int:
    """Delete every record or none: each checked again on its locked row; `before` detaches what must outlive
    them (inside the transaction); returns how many were deleted."""
    records = list(records)
    if not records:
        return 0
    if len(records) > MAX_BATCH:
        raise ValidationFailed.single(
            "ids", DeletionError.TOO_MANY, _("Delete at most %(n)d records at a time.") % {"n": MAX_BATCH}
        )
    model = type(records[0])
    entity, fk = entity_of(model), str(model._meta.model_name)
    for record in records:
        require(actor, entity, "delete", record)
    ids = sorted({r.pk for r in records})
    with transaction.atomic():
        locked = list(model._default_manager.select_for_update().filter(pk__in=ids).order_by("pk"))
        if len(locked) != len(ids) or any(r.workspace_id != actor.workspace.pk for r in locked):  # type: ignore[attr-defined]
            raise NotFound()  # already deleted by someone else, or never reachable
        more = extras(ids) if extras else {}
        for record in locked:
            require(actor, entity, "delete", record)  # the owner may have changed since the page was read
            check(record, _per_record(more, record.pk))
        counts = timeline_counts(fk, ids)
        if before is not None:
            before(locked)
        Activity.objects.purge_with(fk, ids)
        AuditEntry.objects.bulk_create(
            AuditEntry(
                workspace=actor.workspace,
                action="delete",
                entity=entity,
                record_id=r.pk,
                label=str(r)[:300],
                actor=actor.user,
                actor_label="" if actor.user else actor.system_label,
                details={
                    "timeline": counts[r.pk][0],
                    "files": counts[r.pk][1],
                    **_per_record(more, r.pk),
                    **(details(r) if details else {}),
                },
            )
            for r in locked
        )
        model._default_manager.filter(pk__in=ids).delete()
    return len(locked)
