"""Teams: list and add, rename inline, choose who is on each (a member is on one team at most)."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from funil.accounts.access import Actor, load
from funil.accounts.models import Team
from funil.accounts.services import team_add, team_rename, team_set_members
from funil.accounts.settings_selectors import members, teams_with_members
from funil.core.errors import DomainError

from ...doors import Request
from .common import context, refused, saved, settings_view
from .rename import Renamable, rename_view, renaming

LIST_TEMPLATE = "web/settings/teams.html"
TEAM_TEMPLATE = "web/settings/team.html"


def _url() -> str:
    return reverse("web:settings_teams")


@settings_view
def teams(request: Request, actor: Actor) -> HttpResponse:
    ctx = context(actor, "teams", teams=teams_with_members(actor), errors={})
    if request.method == "POST":
        try:
            team = team_add(actor=actor, name=request.POST.get("name", ""))
        except DomainError as exc:
            return refused(request, LIST_TEMPLATE, ctx, exc, shown=("name",))
        return saved(
            request, reverse("web:settings_team", args=[team.pk]), _("Team %(name)s added.") % {"name": team.name}
        )
    return render(request, LIST_TEMPLATE, ctx)


@settings_view
def team(request: Request, actor: Actor, pk: int) -> HttpResponse:
    """GET: who is on the team; POST: exactly the ticked members are on it."""
    team = load(actor, Team, pk)
    everyone = members(actor)
    ctx = context(
        actor,
        "teams",
        team=team,
        members=[m for m in everyone if m.is_active or m.team_id == team.pk],
        chosen={m.user_id for m in everyone if m.team_id == team.pk},
        rename_team=renaming(request, "team"),
        errors={},
    )
    if request.method == "POST":
        try:
            team_set_members(actor=actor, team=team, user_ids=request.POST.getlist("members"))
        except DomainError as exc:
            return refused(request, TEAM_TEMPLATE, ctx, exc, shown=("members",))
        return saved(request, _url(), _("Members of %(name)s saved.") % {"name": team.name})
    return render(request, TEAM_TEMPLATE, ctx)


rename = rename_view(
    Renamable(
        prefix="team",
        url_name="web:settings_team_rename",
        queryset=Team.objects.all,
        save=lambda actor, obj, name: team_rename(actor=actor, team=obj, name=name),
        back=lambda obj: reverse("web:settings_team", args=[obj.pk]),
    )
)
