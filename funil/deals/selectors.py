"""Reads of deals for the deal board and the deal list: every one starts from the actor's scope."""

import datetime
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.http import QueryDict

from funil.accounts.access import Actor, scoped
from funil.core.cursors import cursor_after, older_than
from funil.core.listing import (
    OWNER_CHOICES,
    UrlFilter,
    owner_q,
    read_choice,
    read_date,
    read_decimal,
    read_int,
    read_text,
)
from funil.core.search import is_email, search_terms
from funil.pipelines.models import Pipeline, Stage

from .models import Deal, DealLine, DealStatus

CARDS_PER_COLUMN = 20


@dataclass
class DealColumn:
    stage: Stage
    count: int
    total: Decimal
    cards: list[Deal]
    next_cursor: str | None


def text_q(query: str) -> Q:
    """Every word in the title, or in the deal's company or contact (their folded search text); an email address
    finds the deals of the contact with that address."""
    terms = search_terms(query)
    words = query.split() if len(query.split()) == len(terms) else terms
    match = Q()
    for word, term in zip(words, terms, strict=True):
        if is_email(term):
            match &= Q(contact__email_normalized=term) | Q(company__domain=term.rpartition("@")[2])
            continue
        match &= (
            Q(title__icontains=word)
            | Q(title__icontains=term)
            | Q(company__search_text__contains=term)
            | Q(contact__search_text__contains=term)
        )
    return match


STATUS_CHOICES = ("", *DealStatus.values)


@dataclass(frozen=True)
class DealFilter(UrlFilter):
    """The deal list's filters, kept in its URL."""

    pipeline: int | None = None
    stage: int | None = None
    status: str = ""
    owner: str = "any"
    source: int | None = None
    campaign: int | None = None
    product: int | None = None
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    close_from: datetime.date | None = None
    close_to: datetime.date | None = None
    q: str = ""
    errors: dict[str, str] = field(default_factory=dict, compare=False)

    @classmethod
    def from_query(cls, params: QueryDict) -> "DealFilter":
        errors: dict[str, str] = {}
        return cls(
            pipeline=read_int(params, "pipeline", errors),
            stage=read_int(params, "stage", errors),
            status=read_choice(params, "status", STATUS_CHOICES, errors, ""),
            owner=read_choice(params, "owner", OWNER_CHOICES, errors, "any"),
            source=read_int(params, "source", errors),
            campaign=read_int(params, "campaign", errors),
            product=read_int(params, "product", errors),
            amount_min=read_decimal(params, "amount_min", errors),
            amount_max=read_decimal(params, "amount_max", errors),
            close_from=read_date(params, "close_from", errors),
            close_to=read_date(params, "close_to", errors),
            q=read_text(params, "q"),
            errors=errors,
        )


def deals_listed(actor: Actor, f: DealFilter) -> QuerySet[Deal]:
    """The deals of the list: the actor's scope narrowed by every filter set."""
    qs = scoped(actor, Deal).filter(owner_q(actor, f.owner), text_q(f.q))
    exact = {"pipeline_id": f.pipeline, "stage_id": f.stage, "source_id": f.source, "campaign_id": f.campaign}
    qs = qs.filter(**{name: value for name, value in exact.items() if value is not None})
    if f.status:
        qs = qs.filter(status=f.status)
    if f.product is not None:
        qs = qs.filter(Exists(DealLine.objects.filter(deal=OuterRef("pk"), product_id=f.product)))
    ranges = {
        "amount__gte": f.amount_min,
        "amount__lte": f.amount_max,
        "expected_close_date__gte": f.close_from,
        "expected_close_date__lte": f.close_to,
    }
    return qs.filter(**{name: value for name, value in ranges.items() if value is not None})


def deal_card_page(qs: QuerySet[Deal], cursor: str | None) -> tuple[list[Deal], str | None]:
    qs = qs.select_related("owner", "company", "contact", "source").order_by("-created_at", "-id")
    after = older_than(cursor) if cursor else None
    if after is not None:
        qs = qs.filter(after)
    rows = list(qs[: CARDS_PER_COLUMN + 1])
    more = len(rows) > CARDS_PER_COLUMN
    rows = rows[:CARDS_PER_COLUMN]
    return rows, (cursor_after(rows[-1].created_at, rows[-1].pk) if more and rows else None)


def deal_board(actor: Actor, pipeline: Pipeline, f: DealFilter) -> list[DealColumn]:
    """The pipeline's stages with the filtered deals' count, amount and first cards; the board is the pipeline."""
    stages = list(Stage.objects.filter(pipeline=pipeline))
    base = deals_listed(actor, replace(f, pipeline=None, stage=None)).filter(stage__in=[s.pk for s in stages])
    totals = {r["stage_id"]: r for r in base.values("stage_id").annotate(n=Count("*"), v=Sum("amount")).order_by()}
    columns = []
    for stage in stages:
        cards, cursor = deal_card_page(base.filter(stage=stage), None)
        row: Any = totals.get(stage.pk, {})
        columns.append(DealColumn(stage, row.get("n", 0), row.get("v") or Decimal(0), cards, cursor))
    return columns
