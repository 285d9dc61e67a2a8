"""The workspace itself: name, currency, country, language, time zone, CRM mode and intake policy."""

import zoneinfo

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from funil.accounts.access import Actor
from funil.accounts.models import CrmMode, IntakePolicy
from funil.accounts.services import WORKSPACE_FIELDS, workspace_update
from funil.core.errors import DomainError

from ...doors import Request
from .common import context, refused, saved, settings_view

TEMPLATE = "web/settings/workspace.html"


@settings_view
def workspace(request: Request, actor: Actor) -> HttpResponse:
    ws = actor.workspace
    ctx = context(
        actor,
        "workspace",
        form={name: getattr(ws, name) for name in WORKSPACE_FIELDS},
        languages=settings.LANGUAGES,
        time_zones=sorted(zoneinfo.available_timezones()),
        modes=CrmMode.choices,
        policies=IntakePolicy.choices,
        errors={},
    )
    if request.method == "POST":
        changes = {name: request.POST.get(name, "") for name in WORKSPACE_FIELDS if name in request.POST}
        try:
            workspace_update(actor=actor, changes=changes)
        except DomainError as exc:
            return refused(request, TEMPLATE, ctx, exc, shown=WORKSPACE_FIELDS)
        return saved(request, reverse("web:settings_workspace"), _("Workspace settings saved."))
    return render(request, TEMPLATE, ctx)
