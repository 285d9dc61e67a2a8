"""Adding a pipeline (it starts with the stages every pipeline needs), renaming it, choosing the default."""

from django.db import transaction
from django.utils.translation import gettext as _

from funil.accounts.access import Actor, require
from funil.accounts.audit import setting_changed
from funil.accounts.settings_kit import read_name, reader_for, refuse_clash, refuse_duplicate, save_changes
from funil.core.errors import ValidationFailed

from .. import defaults
from ..errors import PipelineError
from ..models import Meaning, Pipeline, PipelineKind, Stage

# A new pipeline gets one open stage and the closing stages its records need; the admin adds the rest.
_STARTER_NAMES = {
    PipelineKind.LEAD: ("New", "Converted", "Unqualified"),
    PipelineKind.DEAL: ("Qualification", "Won", "Lost"),
}


def pipeline_create(*, actor: Actor, kind: str, name: str) -> Pipeline:
    require(actor, "settings", "update")
    if kind not in PipelineKind.values:
        raise ValidationFailed.single("kind", PipelineError.KIND_INVALID, _("A pipeline is for leads or for deals."))
    reader = reader_for(actor)
    read_name(reader, name, max_length=120)
    refuse_duplicate(reader, Pipeline.objects.filter(workspace=actor.workspace, kind=kind))
    reader.raise_if_errors()
    with transaction.atomic():
        # Locks the kind's pipelines (a count would not), so two first pipelines cannot both become the default.
        siblings = list(
            Pipeline.objects.select_for_update().filter(workspace=actor.workspace, kind=kind).values_list("pk")
        )
        with refuse_clash():
            pipeline = Pipeline.objects.create(
                workspace=actor.workspace,
                kind=kind,
                name=reader.values["name"],
                is_default=not siblings,
                position=len(siblings),
            )
        Stage.objects.bulk_create(_starter_stages(pipeline))
        setting_changed(actor, area="pipeline", action="created", obj=pipeline, changes={"kind": kind})
    return pipeline


def _starter_stages(pipeline: Pipeline) -> list[Stage]:
    catalogue = defaults.LEAD_STAGES if pipeline.kind == PipelineKind.LEAD else defaults.DEAL_STAGES
    wanted = _STARTER_NAMES[PipelineKind(pipeline.kind)]
    rows = [row for row in catalogue if row[0] in wanted]
    rows.sort(key=lambda row: row[1] != Meaning.OPEN)  # open stage first, closing stages after it
    return [
        Stage(
            workspace_id=pipeline.workspace_id,
            pipeline=pipeline,
            name=name,
            meaning=meaning,
            probability=probability,
            color=color,
            position=i,
        )
        for i, (name, meaning, probability, color, _required) in enumerate(rows)
    ]


def pipeline_rename(*, actor: Actor, pipeline: Pipeline, name: str) -> Pipeline:
    require(actor, "settings", "update", pipeline)
    reader = reader_for(actor)
    read_name(reader, name, max_length=120)
    refuse_duplicate(reader, Pipeline.objects.filter(workspace=actor.workspace, kind=pipeline.kind), exclude=pipeline)
    reader.raise_if_errors()
    with transaction.atomic():
        save_changes(actor, pipeline, reader.values, area="pipeline")
    return pipeline


def pipeline_set_default(*, actor: Actor, pipeline: Pipeline) -> Pipeline:
    """New leads (or deals) start in this pipeline from now on; records already elsewhere stay there."""
    require(actor, "settings", "update", pipeline)
    with transaction.atomic():
        siblings = Pipeline.objects.select_for_update().filter(workspace=actor.workspace, kind=pipeline.kind)
        old = siblings.filter(is_default=True).exclude(pk=pipeline.pk).first()
        if old is None:
            return pipeline
        siblings.filter(is_default=True).update(is_default=False)  # the one-default constraint is not deferred
        siblings.filter(pk=pipeline.pk).update(is_default=True)
        pipeline.is_default = True
        setting_changed(
            actor, area="pipeline", action="made_default", obj=pipeline, changes={"default": [old.pk, pipeline.pk]}
        )
    return pipeline
