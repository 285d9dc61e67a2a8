"""A pipeline's stages: the ordered list (reordered with up/down buttons, htmx or not), adding, editing,
renaming inline and removing a stage."""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from funil.accounts.access import Actor, load
from funil.core.errors import DomainError
from funil.pipelines.gate_fields import gate_field_choices
from funil.pipelines.models import Meaning, Pipeline, Stage
from funil.pipelines.settings_selectors import stage_rows
from funil.pipelines.settings_services import stage_create, stage_delete, stage_move, stage_update
from funil.pipelines.settings_services.rules import MEANINGS
from funil.pipelines.settings_services.stages import STAGE_FIELDS

from ...doors import Request, error_text
from ...templatetags.humanize_funil import label
from .common import context, passes_access_errors, refused, refused_back, saved, settings_view
from .rename import Renamable, rename_view, renaming

PIPELINE_TEMPLATE = "web/settings/pipeline.html"
STAGE_TEMPLATE = "web/settings/stage.html"


def _pipeline_url(pipeline_id: int) -> str:
    return reverse("web:settings_pipeline", args=[pipeline_id])


def _meanings(pipeline: Pipeline) -> list[tuple[str, Any]]:
    allowed = MEANINGS[pipeline.kind]  # type: ignore[index]
    return [(value, title) for value, title in Meaning.choices if value in allowed]


def _pipeline_context(request: Request, actor: Actor, pipeline: Pipeline, **extra: Any) -> dict[str, Any]:
    return context(
        actor,
        "pipelines",
        pipeline=pipeline,
        rows=stage_rows(actor, pipeline),
        meanings=_meanings(pipeline),
        rename_pipeline=renaming(request, "pipeline"),
        rename_stage=renaming(request, "stage"),
        form={"meaning": Meaning.OPEN, "color": "#64748b", "probability": 0},
        errors={},
        **extra,
    )


@settings_view
def pipeline(request: Request, actor: Actor, pk: int) -> HttpResponse:
    """GET: the stages; POST: add a stage."""
    pipeline = load(actor, Pipeline, pk)
    ctx = _pipeline_context(request, actor, pipeline)
    if request.method == "POST":
        data = {name: request.POST.get(name, "") for name in ("name", "meaning", "color", "probability")}
        try:
            stage = stage_create(actor=actor, pipeline=pipeline, data=data)
        except DomainError as exc:
            return refused(request, PIPELINE_TEMPLATE, ctx, exc, shown=data)
        return saved(request, _pipeline_url(pipeline.pk), _("Stage %(name)s added.") % {"name": stage.name})
    if request.htmx and request.GET.get("part") == "stages":
        return render(request, "web/settings/_stages.html", ctx)
    return render(request, PIPELINE_TEMPLATE, ctx)


@require_POST
@settings_view
def move(request: Request, actor: Actor, pk: int) -> HttpResponse:
    """One place up or down. htmx gets the stage list back (focus stays on the pressed button); a form, the page."""
    stage = load(actor, Stage.objects.select_related("pipeline"), pk)
    direction = request.POST.get("direction", "")
    announce, failed = "", False
    try:
        stage_move(actor=actor, stage=stage, direction=direction)
        announce = (_("%(name)s moved up.") if direction == "up" else _("%(name)s moved down.")) % {"name": stage.name}
    except DomainError as exc:
        passes_access_errors(exc)
        if not request.htmx:
            return refused_back(request, _pipeline_url(stage.pipeline_id), exc)
        announce, failed = error_text(exc), True
    if not request.htmx:
        return saved(request, f"{_pipeline_url(stage.pipeline_id)}#stages", announce)
    ctx = _pipeline_context(request, actor, stage.pipeline, announce=announce)
    return render(request, "web/settings/_stages.html", ctx, status=422 if failed else 200)


@settings_view
def edit(request: Request, actor: Actor, pk: int) -> HttpResponse:
    """Everything about one stage: name, colour, meaning, probability and the fields required to enter it."""
    stage = load(actor, Stage.objects.select_related("pipeline"), pk)
    ctx = context(
        actor,
        "pipelines",
        stage=stage,
        pipeline=stage.pipeline,
        meanings=_meanings(stage.pipeline),
        gate_choices=gate_field_choices(actor.workspace.pk, stage.pipeline.kind),
        form={**{name: getattr(stage, name) for name in STAGE_FIELDS}},
        errors={},
    )
    if request.method == "POST":
        changes: dict[str, Any] = {name: request.POST.get(name, "") for name in STAGE_FIELDS if name in request.POST}
        changes["required_fields"] = request.POST.getlist("required_fields")
        if changes.get("name", "").strip() == label(stage.name):
            changes.pop("name")  # the default name shown translated, unchanged: it stays a default
        try:
            stage_update(actor=actor, stage=stage, changes=changes)
        except DomainError as exc:
            return refused(request, STAGE_TEMPLATE, ctx, exc, shown=STAGE_FIELDS, form=changes)
        return saved(request, _pipeline_url(stage.pipeline_id), _("Stage %(name)s saved.") % {"name": stage.name})
    return render(request, STAGE_TEMPLATE, ctx)


@require_POST
@settings_view
def delete(request: Request, actor: Actor, pk: int) -> HttpResponse:
    stage = load(actor, Stage.objects.select_related("pipeline"), pk)
    try:
        stage_delete(actor=actor, stage=stage)
    except DomainError as exc:
        return refused_back(request, _pipeline_url(stage.pipeline_id), exc)
    return saved(request, _pipeline_url(stage.pipeline_id), _("Stage %(name)s removed.") % {"name": stage.name})


rename = rename_view(
    Renamable(
        prefix="stage",
        url_name="web:settings_stage_rename",
        queryset=lambda: Stage.objects.select_related("pipeline"),
        save=lambda actor, obj, name: stage_update(actor=actor, stage=obj, changes={"name": name}),
        back=lambda obj: _pipeline_url(obj.pipeline_id),
        changed_event="stages-changed",
    )
)
