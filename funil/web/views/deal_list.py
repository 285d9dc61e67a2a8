"""The deal list: sortable columns, keyset pages, chosen columns, filters in the URL, and bulk actions."""

from typing import Any

from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from funil.accounts.access import Actor
from funil.deals.models import Deal, DealStatus
from funil.deals.selectors import DealFilter, deals_listed
from funil.deals.services import deal_assign, deal_mark_lost, deal_move
from funil.pipelines.models import CloseReason, Pipeline, PipelineKind, ReasonKind, Stage

from ..doors import Request, member_view
from ..filters import filter_choices
from ..listing import ListSpec, iso, owner_from, render_list, run_bulk, stage_from


def _assign(actor: Actor, deal: Deal, request: Request) -> None:
    deal_assign(actor=actor, deal=deal, owner_id=owner_from(request), reason=_("Bulk assignment"))


def _move(actor: Actor, deal: Deal, request: Request) -> None:
    stage = stage_from(actor, request, PipelineKind.DEAL)
    deal_move(actor=actor, deal=deal, stage=stage, lost_reason=request.POST.get("reason") or None)


def _lost(actor: Actor, deal: Deal, request: Request) -> None:
    deal_mark_lost(
        actor=actor, deal=deal, reason=request.POST.get("reason") or None, note=request.POST.get("note", "")[:2000]
    )


SPEC = ListSpec(
    entity="deal",
    model=Deal,
    nav="deals",
    columns={
        "title": gettext_lazy("Title"),
        "company": gettext_lazy("Company"),
        "contact": gettext_lazy("Contact"),
        "stage": gettext_lazy("Stage"),
        "status": gettext_lazy("Status"),
        "owner": gettext_lazy("Owner"),
        "amount": gettext_lazy("Amount"),
        "probability": gettext_lazy("Probability"),
        "close": gettext_lazy("Expected close"),
        "source": gettext_lazy("Source"),
        "followup": gettext_lazy("Next follow-up"),
        "created": gettext_lazy("Created"),
    },
    default_columns=("title", "company", "stage", "status", "owner", "amount", "close", "created"),
    sorts={
        "title": "title",
        "amount": "amount",
        "probability": "probability",
        "close": "expected_close_date",
        "followup": "next_followup_at",
        "created": "created_at",
    },
    numeric=frozenset({"amount", "probability"}),
    template="web/lists/deals.html",
    rows_template="web/lists/_deal_rows.html",
    updated=lambda n: ngettext("%(n)d deal updated.", "%(n)d deals updated.", n) % {"n": n},
    actions={"assign": _assign, "move": _move, "lost": _lost},
    export=(
        ("id", lambda r: r.pk),
        ("title", lambda r: r.title),
        ("amount", lambda r: r.amount),
        ("currency", lambda r: r.currency),
        ("pipeline", lambda r: r.pipeline.name),
        ("stage", lambda r: r.stage.name),
        ("status", lambda r: r.status),
        ("probability", lambda r: r.probability),
        ("expected_close_date", lambda r: iso(r.expected_close_date)),
        ("owner", lambda r: r.owner.email if r.owner else ""),
        ("company", lambda r: r.company.name if r.company else ""),
        ("contact", lambda r: str(r.contact) if r.contact else ""),
        ("source", lambda r: r.source.name if r.source else ""),
        ("lost_reason", lambda r: r.lost_reason.name if r.lost_reason else ""),
        ("created_at", lambda r: iso(r.created_at)),
        ("closed_at", lambda r: iso(r.closed_at)),
    ),
    export_related=("pipeline", "stage", "owner", "company", "contact", "source", "lost_reason"),
)


def deal_filter_context(actor: Actor) -> dict[str, Any]:
    """What the deal filter bar offers, on the list and on the board."""
    return {
        "choices": filter_choices(actor),
        "pipelines": list(Pipeline.objects.filter(workspace=actor.workspace, kind=PipelineKind.DEAL)),
        "statuses": DealStatus.choices,
    }


@require_GET
@member_view
def deal_list(request: Request, actor: Actor) -> HttpResponse:
    f = DealFilter.from_query(request.GET)
    stages = Stage.objects.filter(workspace=actor.workspace, pipeline__kind=PipelineKind.DEAL).select_related(
        "pipeline"
    )
    context = {
        **deal_filter_context(actor),
        "heading": _("Deals"),
        "stages": stages,
        "reasons": CloseReason.objects.filter(workspace=actor.workspace, kind=ReasonKind.LOST, active=True),
    }
    qs = deals_listed(actor, f).select_related("stage", "owner", "company", "contact", "source")
    return render_list(request, actor, SPEC, f, qs, context)


@require_POST
@member_view
def bulk(request: Request, actor: Actor) -> HttpResponseBase:
    """Apply one action to the selected deals, each through its service; report what was done and refused."""
    return run_bulk(request, actor, SPEC)
