"""What every page's shell needs: the acting member and the workspaces they can switch to."""

from typing import Any

from django.http import HttpRequest

from funil.accounts.models import Membership


def shell(request: HttpRequest) -> dict[str, Any]:
    actor = getattr(request, "actor", None)
    if actor is None or actor.user is None:
        return {}
    memberships = Membership.objects.filter(user=actor.user, is_active=True).select_related("workspace")
    return {"actor": actor, "memberships": memberships}
