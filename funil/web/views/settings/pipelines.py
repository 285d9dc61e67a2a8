"""Lead and deal pipelines: the list, adding one, renaming it, making it the default."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from funil.accounts.access import Actor, load
from funil.core.errors import DomainError
from funil.pipelines.models import Pipeline, PipelineKind
from funil.pipelines.settings_selectors import pipelines_by_kind
from funil.pipelines.settings_services import pipeline_create, pipeline_rename, pipeline_set_default

from ...doors import Request
from .common import context, refused, refused_back, saved, settings_view
from .rename import Renamable, rename_view, renaming

TEMPLATE = "web/settings/pipelines.html"


def _list_url() -> str:
    return reverse("web:settings_pipelines")


@settings_view
def pipelines(request: Request, actor: Actor) -> HttpResponse:
    ctx = context(
        actor,
        "pipelines",
        groups=pipelines_by_kind(actor),
        kinds=PipelineKind.choices,
        rename_pipeline=renaming(request, "pipeline"),
        form={},
        errors={},
    )
    if request.method == "POST":
        try:
            pipeline = pipeline_create(
                actor=actor, kind=request.POST.get("kind", ""), name=request.POST.get("name", "")
            )
        except DomainError as exc:
            return refused(request, TEMPLATE, ctx, exc, shown=("kind", "name"))
        return saved(
            request,
            reverse("web:settings_pipeline", args=[pipeline.pk]),
            _("Pipeline added with the stages it needs; add your own stages now."),
        )
    return render(request, TEMPLATE, ctx)


@require_POST
@settings_view
def make_default(request: Request, actor: Actor, pk: int) -> HttpResponse:
    pipeline = load(actor, Pipeline, pk)
    try:
        pipeline_set_default(actor=actor, pipeline=pipeline)
    except DomainError as exc:
        return refused_back(request, _list_url(), exc)
    return saved(request, _list_url(), _("New records start in %(name)s from now on.") % {"name": pipeline.name})


rename = rename_view(
    Renamable(
        prefix="pipeline",
        url_name="web:settings_pipeline_rename",
        queryset=Pipeline.objects.all,
        save=lambda actor, obj, name: pipeline_rename(actor=actor, pipeline=obj, name=name),
        back=lambda obj: reverse("web:settings_pipeline", args=[obj.pk]),
    )
)
