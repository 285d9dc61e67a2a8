"""What every page's shell needs: the acting member and the workspaces they can switch to."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from funil.accounts.access import Actor, can, owned
from funil.accounts.models import Membership
from funil.activities.models import Activity


def shell(request: HttpRequest) -> dict[str, Any]:
    actor = getattr(request, "actor", None)
    if actor is None or actor.user is None:
        return {}
    memberships = Membership.objects.filter(user=actor.user, is_active=True).select_related("workspace")
    return {
        "actor": actor,
        "memberships": memberships,
        "reminders_due": _reminders_due(actor),
        "can_see_settings": can(actor, "settings", "read"),
        "can_import": any(can(actor, entity, "import") for entity in ("lead", "contact", "company", "deal")),
    }


def _reminders_due(actor: Actor) -> int:
    """Follow-ups assigned to the member whose reminder time has come: shown as a badge on My day."""
    return (
        owned(actor, Activity, "assignee")
        .filter(remind_at__lte=timezone.now(), done_at__isnull=True, due_at__isnull=False)
        .count()
    )
