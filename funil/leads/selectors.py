"""Reads of leads for boards, lists and the card: every one starts from the actor's scope."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import QueryDict
from django.utils import timezone

from funil.accounts.access import Actor, scoped
from funil.core.cursors import cursor_after, older_than
from funil.core.listing import (
    OWNER_CHOICES,
    Page,
    UrlFilter,
    keyset_page,
    owner_q,
    read_choice,
    read_date,
    read_int,
    read_text,
    sort_choice,
)
from funil.core.search import is_email, search_terms
from funil.pipelines.models import Pipeline, Stage

from . import stage_totals
from .models import Lead


@dataclass(frozen=True)
class LeadFilter(UrlFilter):
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
        return cls(
            owner=read_choice(params, "owner", OWNER_CHOICES, errors, "any"),
            source=read_int(params, "source", errors),
            campaign=read_int(params, "campaign", errors),
            product=read_int(params, "product", errors),
            score_min=read_int(params, "score_min", errors),
            score_max=read_int(params, "score_max", errors),
            created_from=read_date(params, "created_from", errors),
            created_to=read_date(params, "created_to", errors),
            overdue=params.get("overdue") in {"1", "on", "true"},
            q=read_text(params, "q"),
            errors=errors,
        )


def leads_filtered(actor: Actor, f: LeadFilter) -> QuerySet[Lead]:
    qs = scoped(actor, Lead).filter(owner_q(actor, f.owner))
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


ListPage = Page  # kept for callers of the lead list


def list_page(qs: QuerySet[Lead], *, sort: str, sorts: dict[str, str], cursor: str, size: int = 50) -> Page[Lead]:
    """Keyset pages on the chosen column (then id), empty values last in both directions and on both
    databases: the 1,000th page costs what the first does."""
    _, column, descending = sort_choice(sort, sorts, "-created")
    qs = qs.select_related("stage", "owner", "source")
    return keyset_page(qs, column=column, descending=descending, cursor=cursor, size=size)


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
