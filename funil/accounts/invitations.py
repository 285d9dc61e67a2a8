"""Inviting someone by email: they become a member at once, and the mail tells them how to get in.

Someone new gets a one-time link to choose a password (Django's password-reset token: it stops working once a
password is set, or after PASSWORD_RESET_TIMEOUT). Someone who already has a Funil account is told where to log in.
The mail leaves after the commit, so a refused invitation sends nothing.
"""

import logging
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from funil.core.errors import DomainError, ValidationFailed

from .access import Actor, require
from .audit import setting_changed
from .errors import AccountError
from .models import Membership, Team, User, Workspace
from .roles import Role
from .settings_kit import reader_for, refuse_clash

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Invitation:
    membership: Membership
    sets_password: bool  # a new account: the mail carries the link to choose a password


def member_invite(
    *,
    actor: Actor,
    email: str,
    role: str = Role.SALESPERSON,
    team_id: Any = None,
    full_name: str = "",
    site_url: str,
) -> Invitation:
    """Add the person with this email to the workspace (creating their account when new) and mail them."""
    require(actor, "settings", "update")
    values = _read_invitation(actor, email, role, team_id, full_name)
    with transaction.atomic():
        user = User.objects.filter(email=values["email_normalized"]).first()
        if user is None:
            with refuse_clash("email"):  # invited twice at the same moment
                user = User.objects.create_user(values["email_normalized"], None, full_name=values["full_name"])
        membership = Membership.objects.select_for_update().filter(workspace=actor.workspace, user=user).first()
        if membership is not None and membership.is_active:
            raise ValidationFailed.single(
                "email", AccountError.ALREADY_MEMBER, _("%(email)s is already a member.") % {"email": user.email}
            )
        if membership is None:
            membership = Membership(workspace=actor.workspace, user=user)
        membership.role, membership.team, membership.is_active = values["role"], values["team"], True
        with refuse_clash("email"):
            membership.save()
        setting_changed(
            actor,
            area="member",
            action="invited",
            obj=membership,
            changes={"email": user.email, "role": membership.role, "team": membership.team_id},
        )
        invitation = Invitation(membership=membership, sets_password=not user.has_usable_password())
        transaction.on_commit(partial(_send, actor, invitation, site_url), robust=True)
    return invitation


def invitation_resend(*, actor: Actor, membership: Membership, site_url: str) -> Invitation:
    """A new link for an invited member who has not chosen a password yet."""
    require(actor, "settings", "update", membership)
    if not membership.is_active or membership.user.has_usable_password():
        raise DomainError(AccountError.NOT_PENDING, _("This member has already accepted the invitation."))
    invitation = Invitation(membership=membership, sets_password=True)
    with transaction.atomic():
        setting_changed(actor, area="member", action="invitation_resent", obj=membership)
        transaction.on_commit(partial(_send, actor, invitation, site_url), robust=True)
    return invitation


def is_pending(membership: Membership) -> bool:
    return not membership.user.has_usable_password()


def _read_invitation(actor: Actor, email: str, role: str, team_id: Any, full_name: str) -> dict[str, Any]:
    reader = reader_for(actor)
    reader.email("email", email)
    if not reader.values.get("email") and not reader.errors:
        reader.fail("email", "required", _("Say whom to invite: their email address."))
    reader.text("full_name", full_name, 200)
    if role not in Role.values:
        reader.fail("role", AccountError.ROLE_INVALID, _("Pick a role from the list."))
    reader.values["role"] = role
    reader.values["team"] = None
    if team_id not in (None, ""):
        team = (
            Team.objects.filter(workspace=actor.workspace, pk=int(team_id)).first() if str(team_id).isdigit() else None
        )
        if team is None:
            reader.fail("team", AccountError.TEAM_INVALID, _("Pick a team from the list."))
        reader.values["team"] = team
    reader.raise_if_errors()
    return reader.values


def _send(actor: Actor, invitation: Invitation, site_url: str) -> None:
    user, workspace = invitation.membership.user, invitation.membership.workspace
    with translation.override(user.language or workspace.language or None):
        subject, body = _mail(actor, invitation, user, workspace, site_url.rstrip("/"))
    try:
        send_mail(subject=subject, message=body, from_email=None, recipient_list=[user.email])
    except OSError:
        log.warning("invitation to %s not sent; resend it from the members page", user.email, exc_info=True)


def _mail(actor: Actor, invitation: Invitation, user: User, workspace: Workspace, site_url: str) -> tuple[str, str]:
    names = {"inviter": actor.label, "workspace": workspace.name}
    if invitation.sets_password:
        token = default_token_generator.make_token(user)
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        link = site_url + reverse("web:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
        subject = _("%(inviter)s invited you to %(workspace)s on Funil") % names
        body = _(
            "%(inviter)s invited you to work in %(workspace)s on Funil.\n\n"
            "Choose your password with this link (it works once, for a few days):\n%(link)s\n\n"
            "Then log in with your email address, %(email)s.\n"
        ) % {**names, "link": link, "email": user.email}
    else:
        subject = _("You now have access to %(workspace)s on Funil") % names
        body = _(
            "%(inviter)s added you to %(workspace)s on Funil.\n\n"
            "Log in as usual with %(email)s and pick %(workspace)s in the workspace menu:\n%(link)s\n"
        ) % {**names, "link": site_url + reverse("web:login"), "email": user.email}
    return subject, body
