"""The contact card: fields edited inline, owner, its deals and leads, and the shared timeline (with its
leads' rows) and composer."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from funil.accounts.access import Actor, scoped
from funil.deals.models import Deal
from funil.leads.models import Lead

from ..doors import Request, member_view
from .composer import activity_context, card_part
from .record_edit import edit_context
from .record_kinds import KINDS

CONTACT = KINDS["contact"]
PARTS = {"header": "web/records/_contact_header.html", "followups": "web/records/_followups.html"}
RELATED = 50  # related records listed on a card; the rest are reached through the boards and search


@require_GET
@member_view
def card(request: Request, actor: Actor, contact_id: int) -> HttpResponse:
    contact = CONTACT.load(actor, contact_id)
    context = {
        **activity_context(actor, CONTACT, contact, request),
        **edit_context(actor, CONTACT, contact),
        "actor": actor,
        "contact": contact,
        "deals": list(
            scoped(actor, Deal).filter(contact=contact).select_related("stage").order_by("-created_at")[:RELATED]
        ),
        "leads": list(
            scoped(actor, Lead).filter(contact=contact).select_related("stage").order_by("-created_at")[:RELATED]
        ),
    }
    return render(request, card_part(request, PARTS, "web/records/contact.html"), context)
