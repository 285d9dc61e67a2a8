"""Reads for the duplicates panel, the merge page and the merge records; the workspace report is in report.py."""

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q

from funil.accounts.access import Actor, can, scoped
from funil.accounts.roles import Role
from funil.activities.models import Activity, Attachment
from funil.contacts.models import Contact
from funil.core.errors import NotFound
from funil.deals.models import Deal
from funil.intake.models import DuplicateFlag, Identity
from funil.leads.models import Lead

from .models import MergeRecord


@dataclass
class Candidate:
    """A record that may be the same person as the lead, with every reason found."""

    record: Lead | Contact
    reasons: list[tuple[str, float]] = field(default_factory=list)  # (label, confidence)

    @property
    def kind(self) -> str:
        return str(self.record._meta.model_name)

    @property
    def confidence(self) -> float:
        return max((c for _, c in self.reasons), default=0.0)


def _matcher() -> Callable[..., list[Any]] | None:
    """Intake's `matches_for_lead`, once it exists; until then the panel shows the stored flags only."""
    try:
        module = importlib.import_module("funil.intake.matching")
    except ModuleNotFoundError as exc:
        if exc.name in ("funil.intake.matching",):
            return None
        raise
    return getattr(module, "matches_for_lead", None)


def duplicates_of(actor: Actor, lead: Lead) -> list[Candidate]:
    """Open flags on the lead (either side) and what intake matching finds now, without the pairs someone said
    are not duplicates; only records the actor may see, most likely first."""
    found: dict[tuple[str, int], list[tuple[str, float]]] = {}
    flags = DuplicateFlag.objects.filter(workspace=actor.workspace, resolved_at__isnull=True).filter(
        Q(lead=lead) | Q(other_lead=lead)
    )
    for flag in flags:
        kind, pk = ("contact", flag.other_contact_id) if flag.other_contact_id else ("lead", _other(flag, lead))
        if pk is not None:
            found.setdefault((kind, pk), []).append((flag.label, flag.confidence))
    matcher = _matcher()
    for match in matcher(actor, lead) if matcher else []:
        kind = str(match.record._meta.model_name)
        if kind in ("lead", "contact") and match.record.pk != lead.pk:
            found.setdefault((kind, match.record.pk), []).append((match.label, match.confidence))
    for key in _dismissed(lead, found):
        found.pop(key, None)
    return _visible(actor, found)


def _other(flag: DuplicateFlag, lead: Lead) -> int | None:
    return flag.other_lead_id if flag.lead_id == lead.pk else flag.lead_id


def _dismissed(lead: Lead, found: dict[tuple[str, int], Any]) -> set[tuple[str, int]]:
    """The candidates someone marked as not duplicates of this lead (a resolved flag between them)."""
    leads = {pk for kind, pk in found if kind == "lead"}
    contacts = {pk for kind, pk in found if kind == "contact"}
    pairs = DuplicateFlag.objects.filter(resolved_at__isnull=False).filter(
        Q(lead=lead, other_lead_id__in=leads)
        | Q(other_lead=lead, lead_id__in=leads)
        | Q(lead=lead, other_contact_id__in=contacts)
    )
    keys = set()
    for a, b, contact in pairs.values_list("lead_id", "other_lead_id", "other_contact_id"):
        keys.add(("contact", contact) if contact else ("lead", b if a == lead.pk else a))
    return keys


def _visible(actor: Actor, found: dict[tuple[str, int], list[tuple[str, float]]]) -> list[Candidate]:
    lead_ids = [pk for kind, pk in found if kind == "lead"]
    contact_ids = [pk for kind, pk in found if kind == "contact"]
    records: list[Lead | Contact] = [
        *scoped(actor, Lead).filter(pk__in=lead_ids).select_related("owner", "stage"),
        *scoped(actor, Contact).filter(pk__in=contact_ids).select_related("owner"),
    ]
    candidates = []
    for record in records:
        reasons = sorted(set(found[(str(record._meta.model_name), record.pk)]), key=lambda r: -r[1])
        candidates.append(Candidate(record, reasons))
    return sorted(candidates, key=lambda c: (-c.confidence, c.kind, c.record.pk))


@dataclass(frozen=True)
class Moves:
    """What a merge would move from one lead: the merge page's preview."""

    lead: Lead
    activities: int
    followups: int
    files: int
    deals: int
    flags: int
    identities: int


def moves_of(leads: Sequence[Lead]) -> list[Moves]:
    ids = [lead.pk for lead in leads]
    activities = _grouped(
        Activity.objects.filter(lead_id__in=ids),
        "lead_id",
        followups=Count("id", filter=Q(due_at__isnull=False)),
    )
    files = dict(
        Attachment.objects.filter(activity__lead_id__in=ids)
        .values_list("activity__lead_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    deals = dict(Deal.objects.filter(lead_id__in=ids).values_list("lead_id").annotate(n=Count("id")).order_by())
    flags = DuplicateFlag.objects.filter(Q(lead_id__in=ids) | Q(other_lead_id__in=ids))
    flag_counts = {pk: 0 for pk in ids}
    for a, b in flags.values_list("lead_id", "other_lead_id"):
        for pk in {a, b} & set(ids):
            flag_counts[pk] += 1
    identities = dict(
        Identity.objects.filter(lead_id__in=ids).values_list("lead_id").annotate(n=Count("id")).order_by()
    )
    return [
        Moves(
            lead,
            activities.get(lead.pk, {}).get("n", 0),
            activities.get(lead.pk, {}).get("followups", 0),
            files.get(lead.pk, 0),
            deals.get(lead.pk, 0),
            flag_counts[lead.pk],
            identities.get(lead.pk, 0),
        )
        for lead in leads
    ]


def _grouped(qs: Any, key: str, **extra: Any) -> dict[int, dict[str, int]]:
    rows = qs.values(key).annotate(n=Count("id"), **extra).order_by()
    return {row[key]: row for row in rows}


def open_merges(actor: Actor, lead: Lead, limit: int = 5) -> list[MergeRecord]:
    """The merges into this lead not undone yet, newest first; `undoable` says whether undo would be accepted."""
    records = list(
        MergeRecord.objects.filter(workspace=actor.workspace, survivor=lead, undone_at__isnull=True).order_by(
            "-created_at", "-id"
        )[:limit]
    )
    labels = {
        pk: str(other) for pk, other in Lead.all_objects.in_bulk([pk for r in records for pk in r.merged_ids]).items()
    }
    for record in records:
        record.undoable = record.version_after == lead.version and may_undo(actor, record, lead)  # type: ignore[attr-defined]
        record.labels = [labels.get(pk, f"#{pk}") for pk in record.merged_ids]  # type: ignore[attr-defined]
    return records


def may_undo(actor: Actor, record: MergeRecord, survivor: Lead) -> bool:
    """The rule lead_merge_undo applies: an admin or the person who merged, with update on the survivor."""
    is_author = actor.user is not None and record.actor_id == actor.user.pk
    return (actor.is_system or actor.role == Role.ADMIN or is_author) and can(actor, "lead", "update", survivor)


def merge_for(actor: Actor, pk: int) -> MergeRecord:
    """A merge record of the actor's workspace whose survivor the actor may see (tombstone or not)."""
    try:
        record = MergeRecord.objects.get(pk=pk, workspace=actor.workspace)
    except (MergeRecord.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    survivor = Lead.all_objects.get(pk=record.survivor_id)
    if not can(actor, "lead", "read", survivor):
        raise NotFound()
    return record
