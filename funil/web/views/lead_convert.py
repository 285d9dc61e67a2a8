"""Converting a lead: match or create the contact and company, optionally open a deal; and undoing it."""

from decimal import Decimal

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from funil.accounts.access import Actor, load
from funil.contacts.models import Company, Contact
from funil.core.errors import DomainError
from funil.leads.models import Lead
from funil.leads.selectors import conversion_candidates
from funil.leads.services import lead_convert, lead_convert_undo
from funil.pipelines.models import Meaning, PipelineKind, Stage

from ..doors import Request, error_text, member_view


@member_view
def convert(request: Request, actor: Actor, lead_id: int) -> HttpResponse:
    lead = load(actor, Lead.objects.select_related("stage").prefetch_related("products"), lead_id, "update")
    deal_stages = Stage.objects.filter(
        workspace=actor.workspace, pipeline__kind=PipelineKind.DEAL, meaning=Meaning.OPEN
    ).select_related("pipeline")
    context = {
        "actor": actor,
        "lead": lead,
        "nav": "leads",
        "candidates": conversion_candidates(actor, lead),
        "deal_stages": deal_stages,
        "form": request.POST,
    }
    if request.method != "POST":
        return render(request, "web/leads/convert.html", context)
    post = request.POST
    try:
        contact = load(actor, Contact, post["contact"]) if post.get("contact", "new") != "new" else None
        company = load(actor, Company, post["company"]) if post.get("company", "new") not in ("new", "none") else None
        done = lead_convert(
            actor=actor,
            lead=lead,
            expected_version=int(post.get("version") or 0),
            contact=contact,
            company=company,
            create_company=post.get("company", "new") == "new",
            create_deal=post.get("create_deal") == "1",
            deal_stage=deal_stages.filter(pk=post.get("deal_stage") or 0).first(),
            deal_amount=post.get("deal_amount") or None,
            deal_title=post.get("deal_title", ""),
        )
    except DomainError as exc:
        context["error"] = error_text(exc)
        return render(request, "web/leads/convert.html", context, status=422)
    messages.success(request, _("Converted: %(contact)s.") % {"contact": done.contact})
    return redirect(reverse("web:lead_card", args=[lead.pk]))


@require_POST
@member_view
def undo(request: Request, actor: Actor, lead_id: int) -> HttpResponse:
    lead = load(actor, Lead, lead_id, "update")
    try:
        lead_convert_undo(actor=actor, lead=lead)
        messages.success(request, _("The conversion was undone."))
    except DomainError as exc:
        messages.error(request, error_text(exc))
    return redirect(reverse("web:lead_card", args=[lead.pk]))


def default_amount(lead: Lead) -> Decimal | None:
    return lead.expected_value
