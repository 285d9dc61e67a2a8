"""The lead board: stages as columns, cards moved by drag and drop or by keyboard, through lead_move."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from funil.accounts.access import Actor, load
from funil.core.errors import DomainError
from funil.leads.models import Lead
from funil.leads.selectors import LeadFilter, board_columns, column_more, default_pipeline
from funil.leads.services import lead_move
from funil.pipelines.models import CloseReason, Meaning, Pipeline, PipelineKind, ReasonKind, Stage

from ..doors import Request, error_text, member_view, navigate, page, safe_next
from ..filters import filter_choices


def _board_context(request: Request, actor: Actor) -> dict[str, object]:
    f = LeadFilter.from_query(request.GET)
    pipeline = default_pipeline(actor, PipelineKind.LEAD, _pipeline_id(request))
    if pipeline is None:
        raise Http404(_("This workspace has no lead pipeline."))
    pipelines = list(Pipeline.objects.filter(workspace=actor.workspace, kind=PipelineKind.LEAD))
    return {
        "actor": actor,
        "nav": "leads",
        "board": True,
        "pipeline": pipeline,
        "pipelines": pipelines,
        "columns": board_columns(actor, pipeline, f),
        "filter": f,
        # The pipeline stays in the board's own links (refresh), not in the filter the list shares.
        "query": "&".join(p for p in (f.as_query(), f"pipeline={pipeline.pk}" if len(pipelines) > 1 else "") if p),
        "choices": filter_choices(actor),
        "stages": list(Stage.objects.filter(pipeline=pipeline)),
    }


def _pipeline_id(request: Request) -> int | None:
    raw = request.GET.get("pipeline") or request.POST.get("pipeline")
    return int(raw) if raw and raw.isdigit() else None


@require_GET
@member_view
def board(request: Request, actor: Actor) -> HttpResponse:
    context = _board_context(request, actor)
    template = "web/leads/_board.html" if request.htmx and request.htmx.target == "board" else "web/leads/board.html"
    return render(request, template, context)


@require_GET
@member_view
def column(request: Request, actor: Actor, stage_id: int) -> HttpResponse:
    stage = Stage.objects.filter(workspace=actor.workspace, pipeline__kind=PipelineKind.LEAD, pk=stage_id).first()
    if stage is None:
        raise Http404
    cards, cursor = column_more(actor, stage, LeadFilter.from_query(request.GET), request.GET.get("cursor", ""))
    context = {
        "cards": cards,
        "stage": stage,
        "next_cursor": cursor,
        "actor": actor,
        "query": LeadFilter.from_query(request.GET).as_query(),
        "stages": list(Stage.objects.filter(pipeline=stage.pipeline)),
    }
    return render(request, "web/leads/_cards.html", context)


@require_POST
@member_view
def move(request: Request, actor: Actor, lead_id: int) -> HttpResponse:
    """Move a card; a junk stage asks for its reason, the converted stage opens the conversion."""
    lead = load(actor, Lead, lead_id, "update")
    stage = Stage.objects.filter(workspace=actor.workspace, pk=request.POST.get("stage") or 0).first()
    back = safe_next(request, reverse("web:lead_board"))
    if stage is None:
        return _refuse(request, actor, _("Pick a stage."), back)
    if stage.meaning == Meaning.CONVERTED:
        return navigate(request, reverse("web:lead_convert", args=[lead.pk]))
    if stage.meaning == Meaning.JUNK and not request.POST.get("junk_reason"):
        context = {
            "lead": lead,
            "stage": stage,
            "next": back,
            "reasons": _reasons(actor),
            "version": request.POST.get("version", lead.version),
        }
        return page(request, "web/leads/_junk_dialog.html", context, headers=_dialog_headers(request))
    try:
        lead_move(
            actor=actor,
            lead=lead,
            stage=stage,
            expected_version=_version(request),
            junk_reason=request.POST.get("junk_reason") or None,
            note=request.POST.get("note", ""),
        )
    except DomainError as exc:
        return _refuse(request, actor, error_text(exc), back)
    return navigate(request, back)


def _reasons(actor: Actor) -> list[CloseReason]:
    return list(CloseReason.objects.filter(workspace=actor.workspace, kind=ReasonKind.JUNK, active=True))


def _version(request: Request) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() else None


def _dialog_headers(request: Request) -> dict[str, str]:
    return {"HX-Retarget": "#dialog", "HX-Reswap": "innerHTML"} if request.htmx else {}


def _refuse(request: Request, actor: Actor, message: str, back: str) -> HttpResponse:
    messages.error(request, message)
    return navigate(request, back)
