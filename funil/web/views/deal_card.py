"""The deal card: status, the stage path (moves and closing go through deal_board.move, which asks won's amount
and lost's reason), fields edited inline, product lines, owner, and the shared timeline and composer."""

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from funil.accounts.access import Actor, scoped
from funil.catalog.models import Product
from funil.core.errors import DomainError
from funil.deals.models import Deal
from funil.deals.services import deal_set_lines
from funil.leads.models import Lead
from funil.pipelines.models import Meaning, Stage

from ..doors import Request, error_text, member_view, page
from ..record_fields import DEAL_AMOUNT
from .composer import activity_context, card_part
from .record_edit import edit_context, value_context
from .record_kinds import KINDS

DEAL = KINDS["deal"]
PARTS = {
    "header": "web/records/_deal_header.html",
    "followups": "web/records/_followups.html",
    "lines": "web/records/_deal_lines.html",
}


def _deal(actor: Actor, deal_id: int) -> Deal:
    return DEAL.load(actor, deal_id)


@require_GET
@member_view
def card(request: Request, actor: Actor, deal_id: int) -> HttpResponse:
    deal = _deal(actor, deal_id)
    stages = list(Stage.objects.filter(pipeline_id=deal.pipeline_id))
    context = {
        **activity_context(actor, DEAL, deal, request),
        **edit_context(actor, DEAL, deal),
        **_lines_context(actor, deal),
        "actor": actor,
        "deal": deal,
        "origin_lead": scoped(actor, Lead).filter(pk=deal.lead_id).first() if deal.lead_id else None,
        "nav": "deals",
        "stages": stages,
        "won_stage": next((s for s in stages if s.meaning == Meaning.WON), None),
        "lost_stage": next((s for s in stages if s.meaning == Meaning.LOST), None),
    }
    return render(request, card_part(request, PARTS, "web/records/deal.html"), context)


def _lines_context(actor: Actor, deal: Deal) -> dict[str, Any]:
    lines = list(deal.lines.select_related("product").order_by("pk"))
    return {
        "lines": lines,
        "lines_total": sum((ln.total for ln in lines), Decimal(0)),
        "products": list(Product.objects.filter(workspace=actor.workspace, active=True).order_by("name")),
    }


@require_POST
@member_view
def lines(request: Request, actor: Actor, deal_id: int) -> HttpResponse:
    """Add a product line (`product`, `quantity`, `unit_price`) or remove one (`remove`=line id), through
    deal_set_lines, which replaces the lines as a whole and keeps the amount equal to their total."""
    deal = _deal(actor, deal_id)
    current = [
        {"product": ln.product_id, "quantity": str(ln.quantity), "unit_price": str(ln.unit_price), "pk": ln.pk}
        for ln in deal.lines.order_by("pk")
    ]
    remove = request.POST.get("remove", "")
    if remove:
        wanted = [ln for ln in current if str(ln["pk"]) != remove]
    else:
        added = {k: request.POST.get(k, "") for k in ("product", "quantity", "unit_price")}
        wanted = [*current, {**added, "quantity": added["quantity"] or "1"}]
    raw_version = request.POST.get("version", "")
    error = ""
    try:
        deal = deal_set_lines(
            actor=actor,
            deal=deal,
            expected_version=int(raw_version) if raw_version.isdigit() else 0,
            lines=[{k: v for k, v in ln.items() if k != "pk"} for ln in wanted],
        )
    except DomainError as exc:
        error = error_text(exc)
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect(reverse("web:deal_card", args=[deal.pk]))
    deal = _deal(actor, deal.pk)
    context = {"rk": DEAL, "deal": deal, "can_edit": DEAL.can_edit(actor, deal), "lines_error": error}
    context.update(_lines_context(actor, deal))
    if error:
        context["form"] = request.POST
        return render(request, "web/records/_deal_lines.html", context, status=422)
    # The amount follows the lines: its field is swapped in beside them (the fields do not listen to changes).
    context["amount_field"] = value_context(deal, DEAL_AMOUNT)
    return page(request, "web/records/_deal_lines.html", context, headers={"HX-Trigger": DEAL.event})
