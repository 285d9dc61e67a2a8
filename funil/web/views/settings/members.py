"""Users of the workspace: the list with role, team and status; invite by email; change role or team;
deactivate and reactivate; send an invitation again."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from funil.accounts.access import Actor, load
from funil.accounts.invitations import invitation_resend, member_invite
from funil.accounts.models import Membership, Team
from funil.accounts.roles import Role
from funil.accounts.services import member_deactivate, member_reactivate, member_set_role, member_set_team
from funil.accounts.settings_selectors import members as member_list
from funil.core.errors import DomainError

from ...doors import Request, error_text
from .common import context, passes_access_errors, posted_flag, refused, saved, settings_view, site_url

LIST_TEMPLATE = "web/settings/members.html"
INVITE_TEMPLATE = "web/settings/invite.html"
INVITE_FIELDS = ("email", "full_name", "role", "team")


def _url() -> str:
    return reverse("web:settings_members")


def _choices(actor: Actor) -> dict[str, Any]:
    return {"roles": Role.choices, "teams": list(Team.objects.filter(workspace=actor.workspace).order_by("name"))}


@settings_view
def members(request: Request, actor: Actor) -> HttpResponse:
    ctx = context(actor, "members", members=member_list(actor), **_choices(actor))
    return render(request, LIST_TEMPLATE, ctx)


@settings_view
def invite(request: Request, actor: Actor) -> HttpResponse:
    ctx = context(actor, "members", form={"role": Role.SALESPERSON}, errors={}, **_choices(actor))
    if request.method == "POST":
        data = {name: request.POST.get(name, "") for name in INVITE_FIELDS}
        try:
            invitation = member_invite(
                actor=actor,
                email=data["email"],
                full_name=data["full_name"],
                role=data["role"],
                team_id=data["team"],
                site_url=site_url(request),
            )
        except DomainError as exc:
            return refused(request, INVITE_TEMPLATE, ctx, exc, shown=INVITE_FIELDS)
        user = invitation.membership.user
        message = (
            _("Invitation sent to %(email)s: they choose a password with the link in it.")
            if invitation.sets_password
            else _("%(email)s already had an account: they were added and told by email.")
        )
        return saved(request, _url(), message % {"email": user.email})
    return render(request, INVITE_TEMPLATE, ctx)


def _row_action(request: Request, actor: Actor, pk: int, act: Callable[[Membership], Any], done: str) -> HttpResponse:
    """Run one change on a member; htmx gets the row back (with the refusal in it), a plain form the list."""
    membership = load(actor, Membership.objects.select_related("user", "team"), pk)
    error = ""
    try:
        act(membership)
    except DomainError as exc:
        passes_access_errors(exc)
        error = error_text(exc)
    if not request.htmx:
        (messages.error if error else messages.success)(request, error or done % {"name": membership.user})
        return redirect(f"{_url()}#member-{pk}")
    fresh = load(actor, Membership.objects.select_related("user", "team"), pk)
    ctx = context(actor, "members", m=fresh, row_error=error, row_done="" if error else done % {"name": fresh.user})
    return render(request, "web/settings/_member_row.html", {**ctx, **_choices(actor)}, status=422 if error else 200)


@require_POST
@settings_view
def role(request: Request, actor: Actor, pk: int) -> HttpResponse:
    new_role = request.POST.get("role", "")
    return _row_action(
        request,
        actor,
        pk,
        lambda m: member_set_role(actor=actor, membership=m, role=new_role),
        _("%(name)s's role changed."),
    )


@require_POST
@settings_view
def team(request: Request, actor: Actor, pk: int) -> HttpResponse:
    team_id = request.POST.get("team", "")
    return _row_action(
        request,
        actor,
        pk,
        lambda m: member_set_team(actor=actor, membership=m, team_id=team_id),
        _("%(name)s's team changed."),
    )


@require_POST
@settings_view
def set_active(request: Request, actor: Actor, pk: int) -> HttpResponse:
    if posted_flag(request, "active"):
        return _row_action(
            request,
            actor,
            pk,
            lambda m: member_reactivate(actor=actor, membership=m),
            _("%(name)s can work in this workspace again."),
        )
    return _row_action(
        request,
        actor,
        pk,
        lambda m: member_deactivate(actor=actor, membership=m),
        _("%(name)s is deactivated; their records stay, for managers to reassign."),
    )


@require_POST
@settings_view
def resend(request: Request, actor: Actor, pk: int) -> HttpResponse:
    url = site_url(request)
    return _row_action(
        request,
        actor,
        pk,
        lambda m: invitation_resend(actor=actor, membership=m, site_url=url),
        _("Invitation sent again to %(name)s."),
    )
