"""The duplicates report: clusters of leads across the workspace, each with Merge… and Not duplicates."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from funil.accounts.access import Actor, can, load
from funil.contacts.models import Contact
from funil.core.errors import DomainError
from funil.intake.merge.dismiss import duplicates_dismiss
from funil.intake.merge.report import ClusterPage, flag_clusters, same_email, same_phone
from funil.leads.models import Lead

from ...doors import Request, error_text, member_view, safe_next
from ...listing import selected_ids

TABS = ("flags", "email", "phone")


@require_GET
@member_view
def report(request: Request, actor: Actor) -> HttpResponse:
    by = request.GET.get("by", "flags")
    by = by if by in TABS else "flags"
    after = request.GET.get("after", "")[:300]
    page: ClusterPage
    if by == "email":
        page = same_email(actor, after)
    elif by == "phone":
        page = same_phone(actor, after)
    else:
        page = flag_clusters(actor, int(after) if after.isdigit() and len(after) < 7 else 0)
    context = {
        "actor": actor,
        "nav": "leads",
        "by": by,
        "page": page,
        "after": after,
        "can_edit": can(actor, "lead", "update"),
    }
    return render(request, "web/merge/report.html", context)


@require_POST
@member_view
def dismiss(request: Request, actor: Actor) -> HttpResponse:
    """Not duplicates: resolves the flags between the chosen records. htmx removes the cluster or panel row."""
    leads = list({lead.pk: lead for lead in (load(actor, Lead, pk) for pk in selected_ids(request.POST))}.values())
    contact_id = request.POST.get("contact", "")
    contacts = [load(actor, Contact, contact_id)] if contact_id.isdigit() else []
    try:
        duplicates_dismiss(actor=actor, leads=leads, contacts=contacts)
    except DomainError as exc:
        if request.htmx:
            return HttpResponse(f'<p class="alert" role="alert">{escape(error_text(exc))}</p>', status=422)
        messages.error(request, error_text(exc))
        return redirect(safe_next(request, reverse("web:merge_report")))
    if request.htmx:
        return HttpResponse("")
    messages.success(request, _("Marked as not duplicates."))
    return redirect(safe_next(request, reverse("web:merge_report")))
