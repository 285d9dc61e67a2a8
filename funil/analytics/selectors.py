"""Read-only figures for the home page; every count goes through the actor's scope."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from funil.accounts.access import Actor, owned, scoped
from funil.accounts.roles import Scope
from funil.activities.models import Activity
from funil.deals.models import Deal, DealStatus
from funil.leads.models import Lead, LeadStatus
from funil.pipelines.models import Pipeline, PipelineKind, Stage


@dataclass(frozen=True)
class StageCount:
    name: str
    color: str
    count: int
    value: Decimal | None  # None where only counts are shown


@dataclass(frozen=True)
class WorkspaceSummary:
    open_leads: int
    new_leads_7d: int
    converted_leads: int
    junk_leads: int
    conversion_rate: float | None
    open_deals: int
    open_pipeline_value: Decimal
    won_value_30d: Decimal
    overdue_followups: int
    activities_7d: int
    lead_stages: list[StageCount]
    deal_stages: list[StageCount]


def _pipeline(actor: Actor, kind: str) -> Pipeline | None:
    return Pipeline.objects.filter(workspace=actor.workspace, kind=kind, is_default=True).first()


def _lead_figures(actor: Actor) -> tuple[dict[str, int], list[StageCount]]:
    """Lead counts per status and per stage of the default pipeline, from one grouped query.

    Grouping by stage and status only (no sums) lets PostgreSQL answer from the owner/status/stage index alone.
    """
    pipeline = _pipeline(actor, PipelineKind.LEAD)
    rows = list(scoped(actor, Lead).values("stage_id", "status").annotate(n=Count("*")).order_by())
    by_status = {status: sum(r["n"] for r in rows if r["status"] == status) for status in LeadStatus.values}
    by_stage: dict[int, int] = {}
    for r in rows:
        by_stage[r["stage_id"]] = by_stage.get(r["stage_id"], 0) + r["n"]
    stages = [StageCount(s.name, s.color, by_stage.get(s.pk, 0), None) for s in Stage.objects.filter(pipeline=pipeline)]
    return by_status, stages


def _deal_stages(actor: Actor) -> list[StageCount]:
    pipeline = _pipeline(actor, PipelineKind.DEAL)
    records: QuerySet[Any] = scoped(actor, Deal).filter(pipeline=pipeline)
    rows = {r["stage_id"]: r for r in records.values("stage_id").annotate(n=Count("id"), v=Sum("amount")).order_by()}
    return [
        StageCount(s.name, s.color, rows.get(s.pk, {}).get("n", 0), rows.get(s.pk, {}).get("v") or Decimal(0))
        for s in Stage.objects.filter(pipeline=pipeline)
    ]


def _followups_and_recent(actor: Actor, now: datetime, since: datetime) -> tuple[int, int]:
    """Overdue follow-ups and recent activities: the workspace's for those who see everything, otherwise the
    follow-ups assigned to the actor and the activities the actor logged (each answered by an index)."""
    open_followups = Q(due_at__lt=now, done_at__isnull=True)
    if actor.scope("activity", "read") == Scope.ALL:
        everyone = scoped(actor, Activity)
        return everyone.filter(open_followups).count(), everyone.filter(created_at__gte=since).count()
    mine_due = owned(actor, Activity, "assignee").filter(open_followups).count()
    mine_logged = owned(actor, Activity, "actor").filter(created_at__gte=since).count()
    return mine_due, mine_logged


def workspace_summary(actor: Actor) -> WorkspaceSummary:
    now = timezone.now()
    week_ago, month_ago = now - timedelta(days=7), now - timedelta(days=30)
    by_status, lead_stages = _lead_figures(actor)
    new_leads = scoped(actor, Lead).filter(created_at__gte=week_ago).count()
    deals = scoped(actor, Deal).aggregate(
        open=Count("id", filter=Q(status=DealStatus.OPEN)),
        value=Sum("amount", filter=Q(status=DealStatus.OPEN)),
        won=Sum("amount", filter=Q(status=DealStatus.WON, closed_at__gte=month_ago)),
    )
    overdue, recent = _followups_and_recent(actor, now, week_ago)
    converted, junk = by_status[LeadStatus.CONVERTED], by_status[LeadStatus.JUNK]
    return WorkspaceSummary(
        open_leads=by_status[LeadStatus.OPEN],
        new_leads_7d=new_leads,
        converted_leads=converted,
        junk_leads=junk,
        conversion_rate=round(100 * converted / (converted + junk), 1) if converted + junk else None,
        open_deals=deals["open"],
        open_pipeline_value=deals["value"] or Decimal(0),
        won_value_30d=deals["won"] or Decimal(0),
        overdue_followups=overdue,
        activities_7d=recent,
        lead_stages=lead_stages,
        deal_stages=_deal_stages(actor),
    )
