"""The company card: fields edited inline, owner, its contacts, deals and leads, and the shared timeline
(with the rows of those records) and composer."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from funil.accounts.access import Actor, scoped
from funil.contacts.models import Contact
from funil.deals.models import Deal
from funil.leads.models import Lead

from ..doors import Request, member_view
from .composer import activity_context, card_part
from .contact_card import RELATED
from .record_edit import edit_context
from .record_kinds import KINDS

COMPANY = KINDS["company"]
PARTS = {"header": "web/records/_company_header.html", "followups": "web/records/_followups.html"}


@require_GET
@member_view
def card(request: Request, actor: Actor, company_id: int) -> HttpResponse:
    company = COMPANY.load(actor, company_id)
    newest = ("-created_at", "-id")
    context = {
        **activity_context(actor, COMPANY, company, request),
        **edit_context(actor, COMPANY, company),
        "actor": actor,
        "company": company,
        "contacts": list(scoped(actor, Contact).filter(company=company).order_by(*newest)[:RELATED]),
        "deals": list(scoped(actor, Deal).filter(company=company).select_related("stage").order_by(*newest)[:RELATED]),
        "leads": list(scoped(actor, Lead).filter(company=company).select_related("stage").order_by(*newest)[:RELATED]),
    }
    return render(request, card_part(request, PARTS, "web/records/company.html"), context)
