"""Timeline reads: newest first, filterable by kind, keyset-paged; always through the actor's scope."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Model, Q, QuerySet

from funil.accounts.access import Actor, scoped
from funil.core.cursors import cursor_after, older_than

from .models import Activity, Kind

KIND_GROUPS: dict[str, tuple[str, ...]] = {
    "calls": (Kind.CALL,),
    "emails": (Kind.EMAIL,),
    "messages": (Kind.MESSAGE,),
    "notes": (Kind.NOTE,),
    "followups": (Kind.CALL, Kind.MEETING, Kind.TASK),
    "changes": (Kind.STAGE_CHANGE, Kind.FIELD_CHANGE, Kind.ASSIGNMENT, Kind.CONVERSION, Kind.MERGE, Kind.SYSTEM),
}


@dataclass
class TimelinePage:
    activities: list[Activity]
    next_cursor: str | None


def timeline_page(actor: Actor, records: Q, *, group: str = "", cursor: str = "", size: int = 30) -> TimelinePage:
    """`records` says whose timeline: Q(lead=...) or, for a contact, its leads' rows too."""
    qs: QuerySet[Activity] = scoped(actor, Activity).filter(records)
    if group in KIND_GROUPS:
        qs = qs.filter(kind__in=KIND_GROUPS[group])
        if group == "followups":
            qs = qs.filter(due_at__isnull=False)
    after = older_than(cursor) if cursor else None
    if after is not None:
        qs = qs.filter(after)
    rows = list(
        qs.select_related("actor", "assignee")
        .prefetch_related("attachments")
        .order_by("-created_at", "-id")[: size + 1]
    )
    more = len(rows) > size
    rows = rows[:size]
    return TimelinePage(rows, cursor_after(rows[-1].created_at, rows[-1].pk) if more and rows else None)


def open_followups(actor: Actor, records: Q) -> list[Activity]:
    return list(
        scoped(actor, Activity)
        .filter(records, due_at__isnull=False, done_at__isnull=True)
        .select_related("assignee")
        .order_by("due_at")[:20]
    )


# A record's timeline also shows the rows of the records it gathers (a contact's leads, a company's leads,
# contacts and deals): at most this many of each, the newest, so the query stays bounded.
RELATED_CAP = 200


def timeline_records(record: Model) -> Q:
    """Whose rows make up `record`'s timeline. Related ids are read first and given as lists, so each part is
    served by its own partial (record, -created_at, -id) index instead of a subquery the planner cannot use."""
    name = str(record._meta.model_name)
    records = Q(**{name: record})
    if name == "deal" and getattr(record, "lead_id", None):
        records |= Q(lead_id=record.lead_id)  # type: ignore[attr-defined]
    for fk, related in _gathered(record, name):
        ids = list(related.order_by("-created_at", "-id").values_list("pk", flat=True)[:RELATED_CAP])
        if ids:
            records |= Q(**{f"{fk}_id__in": ids})
    return records


def _gathered(record: Model, name: str) -> list[tuple[str, QuerySet[Any]]]:
    from funil.deals.models import Deal
    from funil.leads.models import Lead

    if name == "contact":
        return [("lead", Lead.objects.filter(contact_id=record.pk))]
    if name == "company":
        return [
            ("lead", Lead.objects.filter(company_id=record.pk)),
            ("contact", record.contacts.all()),  # type: ignore[attr-defined]
            ("deal", Deal.objects.filter(company_id=record.pk)),
        ]
    return []
