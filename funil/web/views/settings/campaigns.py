"""Campaigns: list and add, edit one (name, source, dates, cost and its currency)."""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from funil.accounts.access import Actor, load
from funil.catalog.models import Campaign
from funil.catalog.selectors import campaigns as campaign_list
from funil.catalog.selectors import sources
from funil.catalog.services import campaign_create, campaign_update
from funil.core.errors import DomainError

from ...doors import Request
from .common import context, refused, saved, settings_view

FIELDS = ("name", "source", "starts_on", "ends_on", "cost", "currency")
LIST_TEMPLATE = "web/settings/campaigns.html"
EDIT_TEMPLATE = "web/settings/campaign.html"


def _url() -> str:
    return reverse("web:settings_campaigns")


def _data(request: Request) -> dict[str, Any]:
    return {name: request.POST.get(name, "") for name in FIELDS}


@settings_view
def campaigns(request: Request, actor: Actor) -> HttpResponse:
    ctx = context(
        actor,
        "campaigns",
        campaigns=campaign_list(actor),
        sources=sources(actor),
        form={"currency": actor.workspace.currency},
        errors={},
    )
    if request.method == "POST":
        try:
            campaign = campaign_create(actor=actor, data=_data(request))
        except DomainError as exc:
            return refused(request, LIST_TEMPLATE, ctx, exc, shown=FIELDS)
        return saved(request, _url(), _("Campaign %(name)s added.") % {"name": campaign.name})
    return render(request, LIST_TEMPLATE, ctx)


@settings_view
def edit(request: Request, actor: Actor, pk: int) -> HttpResponse:
    campaign = load(actor, Campaign, pk)
    form = {name: getattr(campaign, name) for name in FIELDS if name != "source"}
    form.update(
        source=str(campaign.source_id or ""),
        starts_on=campaign.starts_on.isoformat() if campaign.starts_on else "",
        ends_on=campaign.ends_on.isoformat() if campaign.ends_on else "",
    )
    ctx = context(actor, "campaigns", campaign=campaign, sources=sources(actor), form=form, errors={})
    if request.method == "POST":
        try:
            campaign_update(actor=actor, campaign=campaign, changes=_data(request))
        except DomainError as exc:
            return refused(request, EDIT_TEMPLATE, ctx, exc, shown=FIELDS)
        return saved(request, _url(), _("Campaign %(name)s saved.") % {"name": campaign.name})
    return render(request, EDIT_TEMPLATE, ctx)
