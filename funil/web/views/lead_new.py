"""Entering a lead by hand: the same lead_create every other channel calls."""

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from funil.accounts.access import Actor
from funil.core.errors import DomainError
from funil.leads.services import lead_create

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
            lead = lead_create(actor=actor, data=data)
        except DomainError as exc:
            context.update(form=request.POST, errors=field_errors(exc), error=error_text(exc))
            return render(request, "web/leads/new.html", context, status=422)
        return redirect(reverse("web:lead_card", args=[lead.pk]))
    return render(request, "web/leads/new.html", context)
