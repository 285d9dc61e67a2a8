"""Adding, changing, reordering and removing the stages of a pipeline, keeping the shape rules.py describes."""

import re
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from funil.accounts.access import Actor, require
from funil.accounts.audit import setting_changed
from funil.accounts.settings_kit import read_name, reader_for, refuse_duplicate, refuse_unknown, save_changes
from funil.core.errors import ValidationFailed
from funil.core.inputs import InputReader

from ..errors import PipelineError
from ..gate_fields import gate_field_choices
from ..models import Meaning, Pipeline, PipelineKind, Stage
from .rules import MEANINGS, check_shape, locked_pipeline, ordered_stages, records_in, renumber

STAGE_FIELDS = ("name", "color", "meaning", "probability", "required_fields")
_COLOR = re.compile(r"#[0-9a-f]{6}")


def stage_create(*, actor: Actor, pipeline: Pipeline, data: dict[str, Any]) -> Stage:
    """A new open stage goes after the last open one (before the closing stages); a closing stage goes last."""
    require(actor, "settings", "update", pipeline)
    refuse_unknown(data, STAGE_FIELDS)
    values = _read(actor, pipeline, {"meaning": Meaning.OPEN, "color": "#64748b", "probability": 0, **data}, None)
    with transaction.atomic():
        pipeline = locked_pipeline(pipeline)
        stages = ordered_stages(pipeline)
        stage = Stage.objects.create(workspace=actor.workspace, pipeline=pipeline, position=len(stages), **values)
        opens = [i for i, s in enumerate(stages) if s.meaning == Meaning.OPEN]
        at = opens[-1] + 1 if stage.meaning == Meaning.OPEN and opens else len(stages)
        renumber([*stages[:at], stage, *stages[at:]])
        setting_changed(actor, area="stage", action="created", obj=stage, changes={"pipeline": pipeline.pk, **values})
    return stage


def stage_update(*, actor: Actor, stage: Stage, changes: dict[str, Any]) -> Stage:
    require(actor, "settings", "update", stage)
    refuse_unknown(changes, STAGE_FIELDS)
    values = _read(actor, stage.pipeline, changes, stage)
    with transaction.atomic():
        pipeline = locked_pipeline(stage.pipeline)
        stage = Stage.objects.select_related("pipeline").get(pk=stage.pk)
        if "meaning" in values and values["meaning"] != stage.meaning:
            _refuse_if_used(stage, field="meaning", message=_("Move its records out before changing what it means."))
            meanings = [values["meaning"] if s.pk == stage.pk else s.meaning for s in ordered_stages(pipeline)]
            check_shape(pipeline, meanings, field="meaning")
        save_changes(actor, stage, values, area="stage")
    return stage


def stage_move(*, actor: Actor, stage: Stage, direction: str) -> Stage:
    """One place up or down (at either end, nothing changes). The first open stage is where new records start."""
    require(actor, "settings", "update", stage)
    if direction not in ("up", "down"):
        raise ValidationFailed.single("direction", PipelineError.DIRECTION_INVALID, _("Move up or down."))
    with transaction.atomic():
        stages = ordered_stages(locked_pipeline(stage.pipeline))
        i = next(n for n, s in enumerate(stages) if s.pk == stage.pk)
        j = i - 1 if direction == "up" else i + 1
        if 0 <= j < len(stages):
            stages[i], stages[j] = stages[j], stages[i]
            renumber(stages)
            setting_changed(actor, area="stage", action=f"moved_{direction}", obj=stage, changes={"position": [i, j]})
    return next(s for s in stages if s.pk == stage.pk)


def stage_delete(*, actor: Actor, stage: Stage) -> None:
    """Only an empty stage goes, and only if the pipeline keeps the stages its records need."""
    require(actor, "settings", "update", stage)
    with transaction.atomic():
        pipeline = locked_pipeline(stage.pipeline)
        _refuse_if_used(stage, field="stage", message=_("Move its records to another stage first."))
        rest = [s for s in ordered_stages(pipeline) if s.pk != stage.pk]
        check_shape(pipeline, [s.meaning for s in rest], field="stage")
        setting_changed(actor, area="stage", action="deleted", obj=stage, changes={"pipeline": pipeline.pk})
        try:
            with transaction.atomic():
                stage.delete()
        except ProtectedError:  # a record moved in since the count
            _refuse_if_used(stage, field="stage", message=_("Move its records to another stage first."))
            raise
        renumber(rest)


def _refuse_if_used(stage: Stage, *, field: str, message: str) -> None:
    count = records_in(stage)
    if count:
        what = _("leads") if stage.pipeline.kind == PipelineKind.LEAD else _("deals")
        raise ValidationFailed.single(
            field,
            PipelineError.STAGE_IN_USE,
            _("%(count)s %(what)s are in %(stage)s. %(hint)s")
            % {"count": count, "what": what, "stage": stage.name, "hint": message},
        )


def _read(actor: Actor, pipeline: Pipeline, data: dict[str, Any], stage: Stage | None) -> dict[str, Any]:
    reader = reader_for(actor)
    for key, value in data.items():
        if key == "name":
            read_name(reader, value, max_length=120)
            refuse_duplicate(reader, Stage.objects.filter(pipeline=pipeline), exclude=stage)
        elif key == "color":
            _read_color(reader, value)
        elif key == "meaning":
            _read_meaning(reader, pipeline, value)
        elif key == "probability":
            _read_probability(reader, value)
        elif key == "required_fields":
            _read_gate(reader, pipeline, value)
    reader.raise_if_errors()
    return reader.values


def _read_color(reader: InputReader, value: Any) -> None:
    color = str(value or "").strip().lower()
    if not _COLOR.fullmatch(color):
        reader.fail("color", PipelineError.COLOR_INVALID, _("A colour is written #rrggbb, for example #0ea5e9."))
    reader.values["color"] = color


def _read_meaning(reader: InputReader, pipeline: Pipeline, value: Any) -> None:
    if value not in MEANINGS[PipelineKind(pipeline.kind)]:
        reader.fail("meaning", PipelineError.MEANING_INVALID, _("Pick what the stage means from the list."))
    reader.values["meaning"] = str(value)


def _read_probability(reader: InputReader, value: Any) -> None:
    try:
        number = int(str(value).strip() or 0)
    except (TypeError, ValueError):
        number = -1
    if not 0 <= number <= 100:
        reader.fail("probability", PipelineError.PROBABILITY_INVALID, _("A probability is a whole number, 0 to 100."))
    reader.values["probability"] = number


def _read_gate(reader: InputReader, pipeline: Pipeline, value: Any) -> None:
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list | tuple):
        names = [None]
    allowed = {name for name, _label in gate_field_choices(pipeline.workspace_id, pipeline.kind)}
    unknown = [str(n) for n in names if n not in allowed]
    if unknown:
        reader.fail(
            "required_fields",
            PipelineError.GATE_FIELD_INVALID,
            _("These cannot be required here: %(names)s.") % {"names": ", ".join(unknown)},
        )
    reader.values["required_fields"] = list(dict.fromkeys(n for n in names if n in allowed))
