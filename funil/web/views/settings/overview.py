"""The Settings landing page: every section, and the latest changes to the settings."""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from funil.accounts.access import Actor
from funil.accounts.audit import recent_setting_changes

from ...doors import Request
from .common import context, settings_view

AREAS = {
    "workspace": _("Workspace"),
    "pipeline": _("Pipeline"),
    "stage": _("Stage"),
    "reason": _("Reason"),
    "custom_field": _("Custom field"),
    "product": _("Product"),
    "source": _("Source"),
    "campaign": _("Campaign"),
    "team": _("Team"),
    "member": _("User"),
    "api_key": _("API key"),
    "webform": _("Web form"),
    "integration": _("Integration"),
}
ACTIONS = {
    "created": _("added"),
    "updated": _("changed"),
    "deleted": _("removed"),
    "deactivated": _("deactivated"),
    "reactivated": _("reactivated"),
    "moved_up": _("moved up"),
    "moved_down": _("moved down"),
    "made_default": _("made the default"),
    "members": _("members changed"),
    "invited": _("invited"),
    "invitation_resent": _("invitation sent again"),
}


@require_GET
@settings_view
def overview(request: Request, actor: Actor) -> HttpResponse:
    changes: list[dict[str, Any]] = [
        {
            "when": c.created_at,
            "who": c.actor or c.actor_label,
            "area": AREAS.get(c.entity, c.entity),
            "action": ACTIONS.get(c.action, c.action),
            "label": c.label,
            "fields": ", ".join(c.details) if c.action == "updated" else "",
        }
        for c in recent_setting_changes(actor)
    ]
    return render(request, "web/settings/index.html", context(actor, "overview", changes=changes))
