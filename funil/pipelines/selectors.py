"""Reads of pipelines, stages and close reasons that several domain services share."""

import time

from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext as _

from funil.accounts.models import Workspace
from funil.core.errors import ValidationFailed

from .models import CloseReason, Meaning, Pipeline, Stage

NO_PIPELINE = "no_pipeline"


def first_open_stage(workspace: Workspace, kind: str) -> Stage:
    """Where new records of `kind` start: the first open stage of the workspace's default pipeline."""
    # One query (every capture runs it): the stage with its pipeline, through the default pipeline's join.
    stage = (
        Stage.objects.filter(workspace=workspace, pipeline__kind=kind, pipeline__is_default=True, meaning=Meaning.OPEN)
        .select_related("pipeline")
        .order_by("position", "id")
        .first()
    )
    if stage is None:
        raise ValidationFailed.single(
            "pipeline", NO_PIPELINE, _("This workspace has no %(kind)s pipeline yet.") % {"kind": kind}
        )
    return stage


# Intake reads where a new lead starts on every capture; each process keeps it this many seconds per workspace.
# A pipeline made default, a stage reordered, renamed or closed in another process (or through a bulk update)
# reaches intake within these seconds; a Pipeline or Stage saved or deleted in this process clears it at once.
STAGE_CACHE_SECONDS = 5.0
_first_stages: dict[tuple[int, str], tuple[float, Stage]] = {}


def first_open_stage_cached(workspace: Workspace, kind: str) -> Stage:
    """first_open_stage, kept a few seconds by this process (for intake's hot path; a missing pipeline is
    never kept, so its error is raised every time)."""
    now = time.monotonic()
    cached = _first_stages.get((workspace.pk, kind))
    if cached is not None and cached[0] > now:
        return cached[1]
    stage = first_open_stage(workspace, kind)
    if len(_first_stages) >= 500:
        _first_stages.clear()
    _first_stages[(workspace.pk, kind)] = (now + STAGE_CACHE_SECONDS, stage)
    return stage


def forget_first_stages(**_kwargs: object) -> None:
    _first_stages.clear()


for _model in (Pipeline, Stage, Workspace):  # a new workspace: tests roll back, and SQLite reuses its id
    post_save.connect(forget_first_stages, sender=_model, dispatch_uid=f"first_stage_saved_{_model.__name__}")
    post_delete.connect(forget_first_stages, sender=_model, dispatch_uid=f"first_stage_deleted_{_model.__name__}")


def close_reason(
    workspace: Workspace, kind: str, reason: CloseReason | int | str | None, *, field: str, required: str, invalid: str
) -> CloseReason:
    """An active reason of this workspace's `kind` list, or a ValidationFailed with the given codes."""
    if reason in (None, ""):
        raise ValidationFailed.single(field, required, _("Say why: pick a reason from the list."))
    pk = reason.pk if isinstance(reason, CloseReason) else reason
    try:
        found = CloseReason.objects.filter(workspace=workspace, kind=kind, active=True, pk=pk).first()
    except (ValueError, TypeError):
        found = None
    if found is None:
        raise ValidationFailed.single(field, invalid, _("Pick a reason from the list."))
    return found
