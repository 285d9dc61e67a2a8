"""Reads of leads for boards, lists and the card: every one starts from the actor's scope."""

import datetime
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, F, Q, QuerySet, Sum
from django.http import QueryDict
from django.utils import timezone

from funil.accounts.access import Actor, scoped
from funil.core.cursors import cursor_after, older_than
from funil.core.search import is_email, search_terms
from funil.pipelines.models import Pipeline, Stage

from . import stage_totals
from .models import Lead

OWNER_CHOICES = ("me", "team", "any", "unassigned")


@dataclass(frozen=True)
class LeadFilter:
    """The filters the board and the list share; it lives in the URL so a view can be shared."""

    owner: str = "any"
    source: int | None = None
    campaign: int | None = None
    product: int | None = None
    score_min: int | None = None
    score_max: int | None = None
    created_from: datetime.date | None = None
    created_to: datetime.date | None = None
    overdue: bool = False
    q: str = ""
    errors: dict[str, str] = field(default_factory=dict, compare=False)

    @classmethod
    def from_query(cls, params: QueryDict) -> "LeadFilter":
        """Unreadable values are dropped and reported, never a crash."""
        errors: dict[str, str] = {}
        owner = params.get("owner", "any")
        if owner not in OWNER_CHOICES:
            errors["owner"], owner = "unknown owner filter", "any"
        return cls(
            owner=owner,
            source=_int(params, "source", errors),
            campaign=_int(params, "campaign", errors),
            product=_int(params, "product", errors),
            score_min=_int(params, "score_min", errors),
            score_max=_int(params, "score_max", errors),
            created_from=_date(params, "created_from", errors),
            created_to=_date(params, "created_to", errors),
            overdue=params.get("overdue") in {"1", "on", "true"},
            q=params.get("q", "").strip()[:200],
            errors=errors,
        )

    def as_query(self, **overrides: Any) -> str:
        values = replace(self, **overrides) if overrides else self
        pairs = {
            name: value
            for name in (
                "owner",
                "source",
                "campaign",
                "product",
                "score_min",
                "score_max",
                "created_from",
                "created_to",
                "q",
            )
            if (value := getattr(values, name)) not in (None, "", "any")
        }
        if values.overdue:
            pairs["overdue"] = "1"
        return urlencode(pairs)

    @property
    def active(self) -> bool:
        return bool(self.as_query())


def _int(params: QueryDict, name: str, errors: dict[str, str]) -> int | None:
    raw = params.get(name, "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        errors[name] = "not a number"
        return None


def _date(params: QueryDict, name: str, errors: dict[str, str]) -> datetime.date | None:
    raw = params.get(name, "").strip()
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        errors[name] = "not a date (YYYY-MM-DD)"
        return None


def leads_filtered(actor: Actor, f: LeadFilter) -> QuerySet[Lead]:
    qs = scoped(actor, Lead)
    if f.owner == "me" and actor.user:
        qs = qs.filter(owner=actor.user)
    elif f.owner == "team":
        qs = qs.filter(
            Q(owner_id__in=actor.team_member_ids) | Q(team_id=actor.team_id) if actor.team_id else Q(owner=actor.user)
        )
    elif f.owner == "unassigned":
        qs = qs.filter(owner__isnull=True)
    for name in ("source", "campaign"):
        if getattr(f, name) is not None:
            qs = qs.filter(**{f"{name}_id": getattr(f, name)})
    if f.product is not None:
        qs = qs.filter(products=f.product)
    if f.score_min is not None:
        qs = qs.filter(score__gte=f.score_min)
    if f.score_max is not None:
        qs = qs.filter(score__lte=f.score_max)
    if f.created_from:
        qs = qs.filter(created_at__date__gte=f.created_from)
    if f.created_to:
        qs = qs.filter(created_at__date__lte=f.created_to)
    if f.overdue:
        qs = qs.filter(next_followup_at__lt=timezone.now())
    for term in search_terms(f.q):
        qs = qs.filter(email_normalized=term) if is_email(term) else qs.filter(search_text__contains=term)
    return qs


@dataclass
class Column:
    stage: Stage
    count: int
    total: Decimal
    cards: list[Lead]
    next_cursor: str | None


CARDS_PER_COLUMN = 20


def default_pipeline(actor: Actor, kind: str, pipeline_id: int | None = None) -> Pipeline | None:
    pipelines = Pipeline.objects.filter(workspace=actor.workspace, kind=kind)
    if pipeline_id:
        return pipelines.filter(pk=pipeline_id).first()
    return pipelines.filter(is_default=True).first() or pipelines.first()


def card_page(qs: QuerySet[Any], cursor: str | None, size: int = CARDS_PER_COLUMN) -> tuple[list[Any], str | None]:
    """Newest first, keyset-paged by (created_at, id): page N costs what page 1 costs."""
    qs = qs.order_by("-created_at", "-id")
    after = older_than(cursor) if cursor else None
    if after is not None:  # an unreadable cursor starts from the top
        qs = qs.filter(after)
    rows = list(qs[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return rows, (cursor_after(rows[-1].created_at, rows[-1].pk) if more and rows else None)


def with_card_relations(qs: QuerySet[Lead]) -> QuerySet[Lead]:
    return qs.select_related("owner", "source", "stage")


def board_columns(actor: Actor, pipeline: Pipeline, f: LeadFilter) -> list[Column]:
    """Each stage with its count, its expected value and its first cards: one grouped query and one per column."""
    stages = list(Stage.objects.filter(pipeline=pipeline))
    # Filtering on the stages (not the pipeline) lets an index with expected_value answer the totals alone.
    base = leads_filtered(actor, f).filter(stage__in=[s.pk for s in stages])
    totals = _totals(actor, f, base, [s.pk for s in stages])
    columns = []
    for stage in stages:
        cards, cursor = card_page(with_card_relations(base.filter(stage=stage)), None)
        count, value = totals.get(stage.pk, (0, Decimal(0)))
        columns.append(Column(stage, count, value, cards, cursor))
    return columns


def _totals(actor: Actor, f: LeadFilter, base: QuerySet[Lead], stage_ids: list[int]) -> dict[int, tuple[int, Decimal]]:
    """Kept totals for the plain board (PostgreSQL), live counts for a filtered one."""
    if not f.active and stage_totals.available():
        return stage_totals.stage_totals(actor, stage_ids)
    rows = base.values("stage_id").annotate(n=Count("*"), v=Sum("expected_value")).order_by()
    return {r["stage_id"]: (r["n"], r["v"] or Decimal(0)) for r in rows}


def column_more(actor: Actor, stage: Stage, f: LeadFilter, cursor: str) -> tuple[list[Lead], str | None]:
    base = leads_filtered(actor, f).filter(pipeline_id=stage.pipeline_id, stage=stage)
    return card_page(with_card_relations(base), cursor)


@dataclass
class ConversionCandidates:
    contacts: list[Any]
    companies: list[Any]


def conversion_candidates(actor: Actor, lead: Lead) -> ConversionCandidates:
    """Existing contacts with the lead's email or phone, and companies with its company name or email domain."""
    from funil.contacts.models import Company, Contact
    from funil.core.domains import company_domain

    same_person = Q(pk__in=[])
    if lead.email_normalized:
        same_person |= Q(email_normalized=lead.email_normalized)
    for phone in {lead.phone_e164, lead.mobile_e164} - {""}:
        same_person |= Q(phone_e164=phone) | Q(mobile_e164=phone)
    same_company = Q(pk__in=[])
    if lead.company_name:
        same_company |= Q(name__iexact=lead.company_name)
    if domain := company_domain(lead.email_normalized):
        same_company |= Q(domain=domain)
    return ConversionCandidates(
        contacts=list(scoped(actor, Contact).filter(same_person).select_related("company")[:10]),
        companies=list(scoped(actor, Company).filter(same_company)[:10]),
    )


@dataclass
class ListPage:
    rows: list[Lead]
    next_cursor: str | None


def list_page(qs: QuerySet[Lead], *, sort: str, sorts: dict[str, str], cursor: str, size: int = 50) -> ListPage:
    """Keyset pages on the chosen column (then id), empty values last in both directions and on both
    databases: the 1,000th page costs what the first does."""
    descending = sort.startswith("-")
    column = sorts.get(sort.lstrip("-"), "created_at")
    if Lead._meta.get_field(column).null:
        key = F(column).desc(nulls_last=True) if descending else F(column).asc(nulls_last=True)
    else:  # a plain order, so the (workspace, created_at, id) index serves it
        key = F(column).desc() if descending else F(column).asc()
    qs = qs.select_related("stage", "owner", "source").order_by(key, "-id" if descending else "id")
    if cursor:
        qs = qs.filter(_after(column, cursor, descending))
    rows = list(qs[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return ListPage(rows, _cursor(column, rows[-1]) if rows and more else None)


def _cursor(column: str, row: Lead) -> str:
    value = getattr(row, column)
    if isinstance(value, datetime.datetime):
        return cursor_after(value, row.pk)
    return f"{'' if value is None else value}_{row.pk}"


def _after(column: str, cursor: str, descending: bool) -> Q:
    raw, _, pk_text = cursor.rpartition("_")
    try:
        pk = int(pk_text)
        value: Any = None
        if raw and column in ("created_at", "next_followup_at"):
            value = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(microseconds=int(raw))
        elif raw:
            value = Decimal(raw) if column == "expected_value" else int(raw)
    except (ValueError, ArithmeticError):
        return Q()  # an unreadable cursor starts from the top
    op = "lt" if descending else "gt"
    if value is None:  # already among the empty values, which come last
        return Q(**{f"{column}__isnull": True, f"id__{op}": pk})
    return Q(**{f"{column}__{op}": value}) | Q(**{column: value, f"id__{op}": pk}) | Q(**{f"{column}__isnull": True})


@dataclass
class MyDay:
    overdue: list[Any]
    today: list[Any]
    new_leads: list[Lead]
    quiet: list[Lead]


def my_day(actor: Actor, *, quiet_days: int) -> MyDay:
    """What needs the member now: their follow-ups due by tonight, new leads not contacted yet, and their open
    leads with no activity for `quiet_days` days."""
    from datetime import time as clock
    from datetime import timedelta

    from django.db.models import Exists, OuterRef

    from funil.accounts.access import owned
    from funil.activities.models import Activity

    now = timezone.now()
    end_of_day = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), clock.max))
    followups = list(
        owned(actor, Activity, "assignee")
        .filter(due_at__lte=end_of_day, done_at__isnull=True)
        .select_related("lead", "deal", "contact", "company")
        .order_by("due_at")[:100]
    )
    mine = owned(actor, Lead, "owner").filter(status="open")
    recent = Activity.objects.filter(lead=OuterRef("pk"), created_at__gte=now - timedelta(days=quiet_days))
    return MyDay(
        overdue=[f for f in followups if f.due_at and f.due_at < now],
        today=[f for f in followups if f.due_at and f.due_at >= now],
        new_leads=list(
            mine.filter(first_contacted_at__isnull=True).select_related("source").order_by("-created_at")[:20]
        ),
        quiet=list(
            mine.filter(~Exists(recent), created_at__lt=now - timedelta(days=quiet_days)).order_by("created_at")[:20]
        ),
    )
