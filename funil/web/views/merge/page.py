"""The merge page: choose the survivor, choose each field's value, see what moves, confirm. And undo."""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from funil.accounts.access import Actor
from funil.core.errors import DomainError
from funil.intake.merge.fields import PRODUCTS, UNION
from funil.intake.merge.selectors import merge_for, moves_of
from funil.intake.merge.services import MAX_MERGED, lead_merge, lead_merge_undo
from funil.leads.models import Lead

from ...doors import Request, error_text, field_errors, member_view, safe_next
from ...listing import selected_ids
from ..record_kinds import KINDS
from .rows import merge_rows, product_names

CHOOSE = "choose:"  # the prefix of each field's radio group


def _leads(actor: Actor, request: Request) -> list[Lead]:
    """The leads named by ?ids= (old ids resolve to their survivors), the chosen survivor first."""
    params = request.POST if request.method == "POST" else request.GET
    found = [KINDS["lead"].load(actor, pk, "update") for pk in selected_ids(params)[: MAX_MERGED + 1]]
    leads = list({lead.pk: lead for lead in found}.values())
    survivor = params.get("survivor", "")
    leads.sort(key=lambda lead: str(lead.pk) != survivor)  # stable: the others keep their order
    return leads


@require_http_methods(["GET", "POST"])
@member_view
def merge(request: Request, actor: Actor) -> HttpResponse:
    leads = _leads(actor, request)
    if len(leads) < 2:
        messages.error(request, _("Choose at least two leads to merge."))
        return redirect(reverse("web:merge_report"))
    if request.method == "POST":
        return _merge(request, actor, leads)
    return _page(request, actor, leads)


def _page(
    request: Request, actor: Actor, leads: list[Lead], *, error: str = "", errors: Any = None, status: int = 200
) -> HttpResponse:
    chosen = {k.removeprefix(CHOOSE): v for k, v in request.POST.items() if k.startswith(CHOOSE)}
    products = product_names(leads)
    context = {
        "actor": actor,
        "nav": "leads",
        "leads": leads,
        "survivor": leads[0],
        "rows": merge_rows(leads, chosen if error else None),
        "products": products,
        "has_products": any(products.values()),
        "products_chosen": chosen.get(PRODUCTS, UNION),
        "moves": moves_of(leads[1:]),
        "ids": [lead.pk for lead in leads],
        "error": error,
        "errors": errors or {},
    }
    template = "web/merge/_merge_form.html" if request.htmx and request.method == "GET" else "web/merge/merge.html"
    return render(request, template, context, status=status)


def _merge(request: Request, actor: Actor, leads: list[Lead]) -> HttpResponse:
    post = request.POST
    try:
        lead_merge(
            actor=actor,
            survivor=leads[0],
            others=leads[1:],
            choices={k.removeprefix(CHOOSE): v for k, v in post.items() if k.startswith(CHOOSE)},
            expected_versions={lead.pk: post.get(f"version_{lead.pk}", "") for lead in leads},
        )
    except DomainError as exc:
        fresh = [KINDS["lead"].load(actor, lead.pk, "update") for lead in leads]  # a conflict shows today's values
        return _page(request, actor, fresh, error=error_text(exc), errors=field_errors(exc), status=422)
    n = len(leads) - 1
    messages.success(
        request,
        ngettext(
            "Merged %(n)d lead into %(lead)s. Undo it from the lead's card if it was a mistake.",
            "Merged %(n)d leads into %(lead)s. Undo it from the lead's card if it was a mistake.",
            n,
        )
        % {"n": n, "lead": leads[0]},
    )
    return redirect(reverse("web:lead_card", args=[leads[0].pk]))


@require_POST
@member_view
def undo(request: Request, actor: Actor, merge_id: int) -> HttpResponse:
    record = merge_for(actor, merge_id)
    try:
        survivor = lead_merge_undo(actor=actor, merge=record)
        messages.success(request, _("The merge was undone: the merged leads are back."))
        back = reverse("web:lead_card", args=[survivor.pk])
    except DomainError as exc:
        messages.error(request, error_text(exc))
        back = reverse("web:lead_card", args=[record.survivor_id])
    return redirect(safe_next(request, back))
