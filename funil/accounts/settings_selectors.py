"""Reads of the Settings pages about people: the members with their role and team, the teams with theirs."""

from django.db.models import Prefetch

from .access import Actor, scoped
from .models import Membership, Team


def members(actor: Actor) -> list[Membership]:
    """Everyone who is or was a member: active first, then by name."""
    qs = scoped(actor, Membership).select_related("user", "team")
    return sorted(qs, key=lambda m: (not m.is_active, str(m.user).lower()))


def teams_with_members(actor: Actor) -> list[Team]:
    memberships = Membership.objects.select_related("user").order_by("user__full_name", "user__email")
    return list(scoped(actor, Team).order_by("name").prefetch_related(Prefetch("memberships", queryset=memberships)))
