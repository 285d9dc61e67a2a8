"""Reads of deals for the deal board: every one starts from the actor's scope."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from funil.accounts.access import Actor, scoped
from funil.core.cursors import cursor_after, older_than
from funil.pipelines.models import Pipeline, Stage

from .models import Deal

CARDS_PER_COLUMN = 20


@dataclass
class DealColumn:
    stage: Stage
    count: int
    total: Decimal
    cards: list[Deal]
    next_cursor: str | None


def deals_filtered(actor: Actor, *, owner: str = "any", q: str = "") -> QuerySet[Deal]:
    qs = scoped(actor, Deal)
    if owner == "me" and actor.user:
        qs = qs.filter(owner=actor.user)
    elif owner == "unassigned":
        qs = qs.filter(owner__isnull=True)
    for term in q.split():
        qs = qs.filter(Q(title__icontains=term) | Q(company__name__icontains=term))
    return qs


def deal_card_page(qs: QuerySet[Deal], cursor: str | None) -> tuple[list[Deal], str | None]:
    qs = qs.select_related("owner", "company", "contact").order_by("-created_at", "-id")
    after = older_than(cursor) if cursor else None
    if after is not None:
        qs = qs.filter(after)
    rows = list(qs[: CARDS_PER_COLUMN + 1])
    more = len(rows) > CARDS_PER_COLUMN
    rows = rows[:CARDS_PER_COLUMN]
    return rows, (cursor_after(rows[-1].created_at, rows[-1].pk) if more and rows else None)


def deal_board(actor: Actor, pipeline: Pipeline, **filters: Any) -> list[DealColumn]:
    stages = list(Stage.objects.filter(pipeline=pipeline))
    base = deals_filtered(actor, **filters).filter(stage__in=[s.pk for s in stages])
    totals = {r["stage_id"]: r for r in base.values("stage_id").annotate(n=Count("*"), v=Sum("amount")).order_by()}
    columns = []
    for stage in stages:
        cards, cursor = deal_card_page(base.filter(stage=stage), None)
        row: Any = totals.get(stage.pk, {})
        columns.append(DealColumn(stage, row.get("n", 0), row.get("v") or Decimal(0), cards, cursor))
    return columns
