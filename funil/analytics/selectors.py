"""Read-only figures for the home page; every count goes through the actor's scope."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from funil.accounts.access import Actor, scoped
from funil.activities.models import Activity
from funil.deals.models import Deal, DealStatus
from funil.leads.models import Lead, LeadStatus
from funil.pipelines.models import Pipeline, PipelineKind, Stage


@dataclass(frozen=True)
class StageCount:
    name: str
    color: str
    count: int
    value: Decimal


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


def _stage_counts(actor: Actor, model: type[Lead] | type[Deal], kind: str, value_field: str) -> list[StageCount]:
    pipeline = Pipeline.objects.filter(workspace=actor.workspace, kind=kind, is_default=True).first()
    if pipeline is None:
        return []
    records: QuerySet[Any] = scoped(actor, model)
    rows = {
        r["stage_id"]: r
        for r in records.filter(pipeline=pipeline).values("stage_id").annotate(n=Count("id"), v=Sum(value_field))
    }
    return [
        StageCount(s.name, s.color, rows.get(s.pk, {}).get("n", 0), rows.get(s.pk, {}).get("v") or Decimal(0))
        for s in Stage.objects.filter(pipeline=pipeline)
    ]


def workspace_summary(actor: Actor) -> WorkspaceSummary:
    now = timezone.now()
    week_ago, month_ago = now - timedelta(days=7), now - timedelta(days=30)
    leads = scoped(actor, Lead).aggregate(
        open=Count("id", filter=Q(status=LeadStatus.OPEN)),
        new=Count("id", filter=Q(created_at__gte=week_ago)),
        converted=Count("id", filter=Q(status=LeadStatus.CONVERTED)),
        junk=Count("id", filter=Q(status=LeadStatus.JUNK)),
    )
    deals = scoped(actor, Deal).aggregate(
        open=Count("id", filter=Q(status=DealStatus.OPEN)),
        value=Sum("amount", filter=Q(status=DealStatus.OPEN)),
        won=Sum("amount", filter=Q(status=DealStatus.WON, closed_at__gte=month_ago)),
    )
    # Two narrow counts, each served by its own index, rather than one scan of the whole timeline.
    activities = scoped(actor, Activity)
    overdue = activities.filter(due_at__lt=now, done_at__isnull=True).count()
    recent = activities.filter(created_at__gte=week_ago).count()
    closed = leads["converted"] + leads["junk"]
    return WorkspaceSummary(
        open_leads=leads["open"],
        new_leads_7d=leads["new"],
        converted_leads=leads["converted"],
        junk_leads=leads["junk"],
        conversion_rate=round(100 * leads["converted"] / closed, 1) if closed else None,
        open_deals=deals["open"],
        open_pipeline_value=deals["value"] or Decimal(0),
        won_value_30d=deals["won"] or Decimal(0),
        overdue_followups=overdue,
        activities_7d=recent,
        lead_stages=_stage_counts(actor, Lead, PipelineKind.LEAD, "expected_value"),
        deal_stages=_stage_counts(actor, Deal, PipelineKind.DEAL, "amount"),
    )
