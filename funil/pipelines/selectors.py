"""Reads of pipelines, stages and close reasons that several domain services share."""

from funil.accounts.models import Workspace
from funil.core.errors import ValidationFailed

from .models import CloseReason, Meaning, Pipeline, Stage

NO_PIPELINE = "no_pipeline"


def first_open_stage(workspace: Workspace, kind: str) -> Stage:
    """Where new records of `kind` start: the first open stage of the workspace's default pipeline."""
    pipeline = Pipeline.objects.filter(workspace=workspace, kind=kind, is_default=True).first()
    stage = Stage.objects.filter(pipeline=pipeline, meaning=Meaning.OPEN).select_related("pipeline").first()
    if pipeline is None or stage is None:
        raise ValidationFailed.single("pipeline", NO_PIPELINE, f"This workspace has no {kind} pipeline yet.")
    return stage


def close_reason(
    workspace: Workspace, kind: str, reason: CloseReason | int | str | None, *, field: str, required: str, invalid: str
) -> CloseReason:
    """An active reason of this workspace's `kind` list, or a ValidationFailed with the given codes."""
    if reason in (None, ""):
        raise ValidationFailed.single(field, required, "Say why: pick a reason from the list.")
    pk = reason.pk if isinstance(reason, CloseReason) else reason
    try:
        found = CloseReason.objects.filter(workspace=workspace, kind=kind, active=True, pk=pk).first()
    except (ValueError, TypeError):
        found = None
    if found is None:
        raise ValidationFailed.single(field, invalid, "Pick a reason from the list.")
    return found
