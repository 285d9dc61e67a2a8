"""The deal board: stages as columns; moves go through deal_move, and closing asks for what it needs."""

from dataclasses import replace

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from funil.accounts.access import Actor, load
from funil.core.errors import DomainError
from funil.deals.models import Deal
from funil.deals.selectors import DealFilter, deal_board, deal_card_page, deals_listed
from funil.deals.services import deal_move
from funil.leads.selectors import default_pipeline
from funil.pipelines.models import CloseReason, Meaning, PipelineKind, ReasonKind, Stage

from ..doors import Request, error_text, member_view, navigate, page, safe_next
from .deal_list import deal_filter_context


@require_GET
@member_view
def board(request: Request, actor: Actor) -> HttpResponse:
    """One pipeline's board (the `pipeline` filter picks it), with the deal list's filters, kept in the URL."""
    f = DealFilter.from_query(request.GET)
    pipeline = default_pipeline(actor, PipelineKind.DEAL, f.pipeline)
    if pipeline is None:
        raise Http404(_("This workspace has no deal pipeline."))
    f = replace(f, pipeline=pipeline.pk)
    context = {
        **deal_filter_context(actor),
        "actor": actor,
        "nav": "deals",
        "board": True,
        "pipeline": pipeline,
        "columns": deal_board(actor, pipeline, f),
        "filter": f,
        "query": f.as_query(),
        "stages": list(Stage.objects.filter(pipeline=pipeline)),
    }
    return render(request, "web/deals/board.html", context)


@require_GET
@member_view
def column(request: Request, actor: Actor, stage_id: int) -> HttpResponse:
    stage = Stage.objects.filter(workspace=actor.workspace, pipeline__kind=PipelineKind.DEAL, pk=stage_id).first()
    if stage is None:
        raise Http404
    f = replace(DealFilter.from_query(request.GET), pipeline=None, stage=None)
    cards, cursor = deal_card_page(deals_listed(actor, f).filter(stage=stage), request.GET.get("cursor"))
    context = {
        "cards": cards,
        "stage": stage,
        "next_cursor": cursor,
        "actor": actor,
        "query": f.as_query(),
        "stages": list(Stage.objects.filter(pipeline=stage.pipeline)),
    }
    return render(request, "web/deals/_cards.html", context)


@require_POST
@member_view
def move(request: Request, actor: Actor, deal_id: int) -> HttpResponse:
    """Won asks for the amount, lost for the reason, before deal_move is called."""
    deal = load(actor, Deal, deal_id, "update")
    stage = Stage.objects.filter(workspace=actor.workspace, pk=request.POST.get("stage") or 0).first()
    back = safe_next(request, reverse("web:deal_board"))
    if stage is None:
        messages.error(request, _("Pick a stage."))
        return navigate(request, back)
    needs_reason = stage.meaning == Meaning.LOST and not request.POST.get("lost_reason")
    needs_amount = stage.meaning == Meaning.WON and "won_amount" not in request.POST
    if needs_reason or needs_amount:
        context = {
            "deal": deal,
            "stage": stage,
            "next": back,
            "version": request.POST.get("version", deal.version),
            "reasons": CloseReason.objects.filter(workspace=actor.workspace, kind=ReasonKind.LOST, active=True),
        }
        headers = {"HX-Retarget": "#dialog", "HX-Reswap": "innerHTML"} if request.htmx else {}
        return page(request, "web/deals/_close_dialog.html", context, headers=headers)
    version = request.POST.get("version", "")
    try:
        deal_move(
            actor=actor,
            deal=deal,
            stage=stage,
            expected_version=int(version) if version.isdigit() else None,
            lost_reason=request.POST.get("lost_reason") or None,
            won_amount=request.POST.get("won_amount") or None,
            note=request.POST.get("note", ""),
        )
    except DomainError as exc:
        messages.error(request, error_text(exc))
    return navigate(request, back)
