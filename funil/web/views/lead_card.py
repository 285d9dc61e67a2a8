"""The lead card: its header (stage path, junk, convert, assign) and fields; the timeline, composer and
follow-ups are every record's (composer.py), inline edits and assignment too (record_edit.py)."""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from funil.accounts.access import Actor, scoped
from funil.core.errors import DomainError
from funil.deals.models import Deal
from funil.leads.models import Lead
from funil.leads.services import lead_mark_junk
from funil.pipelines.models import CloseReason, ReasonKind, Stage

from ..doors import Request, error_text, member_view, navigate
from .composer import activity_context, card_part
from .record_edit import edit_context
from .record_kinds import KINDS

LEAD = KINDS["lead"]
PARTS = {"header": "web/leads/_card_header.html", "followups": "web/records/_followups.html"}


def _lead(actor: Actor, lead_id: int) -> Lead:
    return LEAD.load(actor, lead_id)


def _card_context(actor: Actor, lead: Lead, request: Request) -> dict[str, Any]:
    return {
        **activity_context(actor, LEAD, lead, request),
        **edit_context(actor, LEAD, lead),
        "actor": actor,
        "lead": lead,
        "nav": "leads",
        "stages": list(Stage.objects.filter(pipeline_id=lead.pipeline_id)),
        "reasons": list(CloseReason.objects.filter(workspace=actor.workspace, kind=ReasonKind.JUNK, active=True)),
        "deals": list(scoped(actor, Deal).filter(lead=lead)),  # only the deals this member may see
    }


@require_GET
@member_view
def card(request: Request, actor: Actor, lead_id: int) -> HttpResponse:
    lead = _lead(actor, lead_id)
    if lead.pk != lead_id:  # a merged lead's old link: go to the lead it was merged into
        return redirect(reverse("web:lead_card", args=[lead.pk]))
    return render(request, card_part(request, PARTS, "web/leads/card.html"), _card_context(actor, lead, request))


@require_POST
@member_view
def junk(request: Request, actor: Actor, lead_id: int) -> HttpResponse:
    lead = _lead(actor, lead_id)
    raw = request.POST.get("version", "")
    try:
        lead_mark_junk(
            actor=actor,
            lead=lead,
            reason=request.POST.get("reason") or None,
            note=request.POST.get("note", ""),
            expected_version=int(raw) if raw.isdigit() else None,
        )
    except DomainError as exc:
        messages.error(request, error_text(exc))
        return navigate(request, reverse("web:lead_card", args=[lead.pk]))
    if request.htmx:
        return HttpResponse(status=204, headers={"HX-Trigger": LEAD.event})
    return redirect(reverse("web:lead_card", args=[lead.pk]))
