"""The shape every pipeline keeps, because the record services rely on it:

- new records start in the first open stage of the default pipeline (selectors.first_open_stage);
- lead_mark_junk needs a junk stage and lead_convert a converted stage in the lead's pipeline;
- deal_mark_won / deal_mark_lost need a won and a lost stage in the deal's pipeline;
- a stage's meaning sets its records' status, so it only changes while no record sits in it.
"""

from django.apps import apps
from django.utils.translation import gettext as _

from funil.core.errors import ValidationFailed

from ..errors import PipelineError
from ..models import DEAL_MEANINGS, LEAD_MEANINGS, Meaning, Pipeline, PipelineKind, Stage

MEANINGS = {PipelineKind.LEAD: LEAD_MEANINGS, PipelineKind.DEAL: DEAL_MEANINGS}
CLOSING = {PipelineKind.LEAD: (Meaning.JUNK, Meaning.CONVERTED), PipelineKind.DEAL: (Meaning.WON, Meaning.LOST)}


def _closing_message(meaning: str) -> str:
    messages: dict[str, str] = {
        Meaning.JUNK: _("A lead pipeline needs a junk stage: leads marked as junk go there."),
        Meaning.CONVERTED: _("A lead pipeline needs a converted stage: converted leads go there."),
        Meaning.WON: _("A deal pipeline needs a won stage: won deals go there."),
        Meaning.LOST: _("A deal pipeline needs a lost stage: lost deals go there."),
    }
    return messages[meaning]


def check_shape(pipeline: Pipeline, meanings: list[str], *, field: str) -> None:
    """Refuse a change after which the pipeline's stages (their `meanings`) would break a record service."""
    if Meaning.OPEN not in meanings:
        raise ValidationFailed.single(
            field,
            PipelineError.NEEDS_OPEN_STAGE,
            _("A pipeline needs at least one open stage: new records start in the first one."),
        )
    for meaning in CLOSING[PipelineKind(pipeline.kind)]:
        if meaning not in meanings:
            raise ValidationFailed.single(field, PipelineError.NEEDS_CLOSING_STAGE, _closing_message(meaning))


def locked_pipeline(pipeline: Pipeline) -> Pipeline:
    """Stage writes of one pipeline run one at a time, so two admins cannot each remove 'the other' junk stage."""
    return Pipeline.objects.select_for_update().get(pk=pipeline.pk)


def ordered_stages(pipeline: Pipeline) -> list[Stage]:
    return list(Stage.objects.filter(pipeline=pipeline).order_by("position", "id"))


def renumber(stages: list[Stage]) -> None:
    """Positions 0..n-1 in the given order, writing only the stages whose position changed."""
    moved = []
    for i, stage in enumerate(stages):
        if stage.position != i:
            stage.position = i
            moved.append(stage)
    Stage.objects.bulk_update(moved, ["position"])


def records_in(stage: Stage) -> int:
    """Leads or deals sitting in the stage (looked up by name: the record apps build on this one)."""
    model = (
        apps.get_model("leads", "Lead") if stage.pipeline.kind == PipelineKind.LEAD else apps.get_model("deals", "Deal")
    )
    return int(model._default_manager.filter(workspace_id=stage.workspace_id, stage=stage).count())
