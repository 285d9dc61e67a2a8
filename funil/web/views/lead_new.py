"""Entering a lead by hand: the manual channel of intake, through the same lead_capture every channel calls.

Someone Funil already knows is not entered twice: with the workspace's "attach" policy the entry goes onto
their record's timeline, and the card that opens says why; a possible duplicate is created and flagged, and
its card says of what.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from funil.accounts.access import Actor
from funil.core.errors import DomainError, Forbidden, NotFound
from funil.intake.capture import CaptureResult, Channel, Incoming, Outcome, lead_capture

from ..doors import Request, error_text, field_errors, member_view
from ..filters import filter_choices

FIELDS = (
    "first_name",
    "last_name",
    "title",
    "company_name",
    "email",
    "phone",
    "mobile",
    "city",
    "country",
    "source",
    "campaign",
    "need",
    "budget",
)


@member_view
def new(request: Request, actor: Actor) -> HttpResponse:
    context = {"actor": actor, "nav": "leads", "choices": filter_choices(actor), "form": {}, "errors": {}}
    if request.method == "POST":
        data = {name: request.POST.get(name, "") for name in FIELDS if request.POST.get(name, "") != ""}
        try:
            result = lead_capture(actor=actor, incoming=Incoming(channel=Channel.MANUAL, person=data))
        except (Forbidden, NotFound):
            raise
        except DomainError as exc:
            context.update(form=request.POST, errors=field_errors(exc), error=error_text(exc))
            return render(request, "web/leads/new.html", context, status=422)
        _tell(request, result)
        return redirect(_card_url(result))
    return render(request, "web/leads/new.html", context)


def _card_url(result: CaptureResult) -> str:
    if result.lead is not None:
        return reverse("web:lead_card", args=[result.lead.pk])
    if result.deal is not None:  # simple mode: people arrive as deals
        return reverse("web:deal_card", args=[result.deal.pk])
    if result.contact is not None:
        return reverse("web:contact_card", args=[result.contact.pk])
    return reverse("web:lead_list")


def _tell(request: Request, result: CaptureResult) -> None:
    """What happened, on the card that opens next (the match labels say why)."""
    why = "; ".join(f"{m.label}: {m.record}" for m in result.matches[:3])
    if result.outcome == Outcome.ATTACHED:
        messages.info(request, _("Already known (%(why)s): your entry was added to this timeline.") % {"why": why})
    elif result.outcome == Outcome.FLAGGED:
        if why:
            messages.warning(request, _("Lead created and flagged as a possible duplicate (%(why)s).") % {"why": why})
        else:
            messages.warning(request, _("Lead created and flagged as a possible duplicate of a record you cannot see."))
    elif result.outcome == Outcome.REPEAT:
        messages.info(
            request, _("%(contact)s is a customer: this new request is linked to them.") % {"contact": result.contact}
        )
    elif result.outcome == Outcome.REPLAYED:
        messages.info(request, _("This was entered a moment ago; nothing new was created."))
