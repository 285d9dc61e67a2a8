"""Reads of the Settings pages: pipelines with their stages, how many records sit in each, what each requires."""

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Count

from funil.accounts.access import Actor, scoped

from .gate_fields import gate_field_labels
from .models import CloseReason, Pipeline, PipelineKind, Stage


@dataclass(frozen=True)
class StageRow:
    stage: Stage
    records: int
    required: list[Any]  # labels of the fields the stage requires
    first: bool
    last: bool


def pipelines_by_kind(actor: Actor) -> dict[str, list[Pipeline]]:
    pipelines = scoped(actor, Pipeline).annotate(stage_count=Count("stages"))
    grouped: dict[str, list[Pipeline]] = {kind: [] for kind in PipelineKind.values}
    for pipeline in pipelines:
        grouped[pipeline.kind].append(pipeline)
    return grouped


def stage_rows(actor: Actor, pipeline: Pipeline) -> list[StageRow]:
    """The pipeline's stages in order, each with its record count (one grouped query) and required fields."""
    stages = list(scoped(actor, Stage).filter(pipeline=pipeline).order_by("position", "id"))
    counts = _records_per_stage(actor, pipeline, [s.pk for s in stages])
    labels = gate_field_labels(actor.workspace.pk, pipeline.kind)
    return [
        StageRow(
            stage=s,
            records=counts.get(s.pk, 0),
            required=[labels.get(name, name) for name in s.required_fields or []],
            first=i == 0,
            last=i == len(stages) - 1,
        )
        for i, s in enumerate(stages)
    ]


def reasons_by_kind(actor: Actor) -> dict[str, list[CloseReason]]:
    grouped: dict[str, list[CloseReason]] = {"junk": [], "lost": []}
    for reason in scoped(actor, CloseReason):
        grouped[reason.kind].append(reason)
    return grouped


def _records_per_stage(actor: Actor, pipeline: Pipeline, stage_ids: list[int]) -> dict[int, int]:
    """Lead counts come from the totals PostgreSQL keeps (a million leads are not recounted per page view);
    deals, and leads on SQLite, are counted in one grouped query."""
    from funil.leads import stage_totals

    if pipeline.kind == PipelineKind.LEAD and stage_totals.available():
        return stage_totals.workspace_counts(actor.workspace.pk, stage_ids)
    model = apps.get_model("leads", "Lead") if pipeline.kind == PipelineKind.LEAD else apps.get_model("deals", "Deal")
    return dict(
        model._default_manager.filter(workspace=actor.workspace, pipeline=pipeline)
        .values_list("stage")
        .annotate(n=Count("id"))
        .values_list("stage", "n")
    )
