"""Inviting people by email: new people choose a password through a one-time link; people who already use Funil
are added and told."""

import re

import pytest
from django.urls import reverse

from funil.accounts.access import actor_for
from funil.accounts.errors import AccountError
from funil.accounts.invitations import invitation_resend, member_invite
from funil.accounts.models import Membership, User
from funil.accounts.roles import Role
from funil.accounts.services import member_deactivate, team_add
from funil.core.errors import DomainError, Forbidden, ValidationFailed
from funil.core.models import AuditEntry

SITE = "https://crm.acme.example.com"


def invite(actor, email="joana@acme.example.com", **kwargs):
    return member_invite(actor=actor, email=email, site_url=SITE, **kwargs)


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def test_someone_new_gets_an_account_a_membership_and_a_link_to_choose_a_password(
    client, ana, sales_team, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(
            ana, "Joana@Acme.example.com", full_name="Joana Prado", role=Role.MANAGER, team_id=sales_team.pk
        )
    membership = invitation.membership
    assert invitation.sets_password
    assert (membership.user.email, membership.user.full_name, membership.role, membership.team) == (
        "joana@acme.example.com",
        "Joana Prado",
        Role.MANAGER,
        sales_team,
    )
    assert not membership.user.has_usable_password()
    assert AuditEntry.objects.filter(entity="member", action="invited", record_id=membership.pk).exists()
    [mail] = mailoutbox
    assert mail.to == ["joana@acme.example.com"]
    assert "Acme Ltda" in mail.subject and "Ana Souza" in mail.subject
    link = link_in(mail)
    assert link.startswith(f"{SITE}/password/reset/")

    # The link opens the page to choose a password; once chosen, Joana logs in and works in Acme.
    path = link.removeprefix(SITE)
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200 and form_page.context["validlink"]
    chosen = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "Sunny-day-2026!", "new_password2": "Sunny-day-2026!"}
    )
    assert chosen.status_code == 302
    assert client.login(email="joana@acme.example.com", password="Sunny-day-2026!")
    assert client.get(reverse("web:home")).status_code == 200
    assert actor_for(User.objects.get(email="joana@acme.example.com"), ana.workspace).role == Role.MANAGER

    # The link works once.
    client.logout()
    assert not client.get(path, follow=True).context["validlink"]


def test_someone_from_another_workspace_is_added_and_told_without_a_password_link(
    ana, carla, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(ana, carla.user.email)
    assert not invitation.sets_password
    assert carla.user.check_password("correct-horse-battery-staple")  # her password is untouched
    assert actor_for(carla.user, ana.workspace).role == Role.SALESPERSON
    assert actor_for(carla.user, carla.workspace).role == Role.ADMIN
    [mail] = mailoutbox
    assert "Acme Ltda" in mail.subject and "/password/reset/" not in mail.body
    assert f"{SITE}/login/" in mail.body


def test_a_refused_invitation_sends_nothing(ana, bruno, carla, mailoutbox, django_capture_on_commit_callbacks):
    globex_team = team_add(actor=carla, name="Iberia")
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(ValidationFailed) as already:
            invite(ana, bruno.user.email)
        with pytest.raises(ValidationFailed) as bad:
            invite(ana, "not-an-email", role="owner", team_id=globex_team.pk)
        with pytest.raises(ValidationFailed) as empty:
            invite(ana, "")
    assert already.value.errors[0].code == AccountError.ALREADY_MEMBER
    assert {e.field: e.code for e in bad.value.errors} == {
        "email": "email_invalid",
        "role": AccountError.ROLE_INVALID,
        "team": AccountError.TEAM_INVALID,
    }
    assert empty.value.errors[0].code == "required"
    assert mailoutbox == [] and not User.objects.filter(email="not-an-email").exists()


def test_inviting_a_deactivated_member_brings_them_back(ana, bruno, mailoutbox, django_capture_on_commit_callbacks):
    member_deactivate(actor=ana, membership=bruno.membership)
    with django_capture_on_commit_callbacks(execute=True):
        invite(ana, bruno.user.email, role=Role.MANAGER)
    membership = Membership.objects.get(pk=bruno.membership.pk)
    assert (membership.is_active, membership.role) == (True, Role.MANAGER)
    assert len(mailoutbox) == 1


def test_a_pending_invitation_is_sent_again_and_an_accepted_one_is_not(
    ana, bruno, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(ana)
        invitation_resend(actor=ana, membership=invitation.membership, site_url=SITE)
    assert len(mailoutbox) == 2 and link_in(mailoutbox[1]).startswith(f"{SITE}/password/reset/")
    with pytest.raises(DomainError) as accepted:
        invitation_resend(actor=ana, membership=bruno.membership, site_url=SITE)
    assert accepted.value.code == AccountError.NOT_PENDING


def test_only_admins_invite(ana, bruno, rita, carla, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for outsider in (bruno, rita):
            with pytest.raises(Forbidden):
                invite(outsider, "friend@example.com")
        invitation = invite(ana)
        with pytest.raises(Forbidden):
            invitation_resend(actor=carla, membership=invitation.membership, site_url=SITE)
    assert len(mailoutbox) == 1 and not User.objects.filter(email="friend@example.com").exists()


def test_an_invitation_mail_that_cannot_leave_does_not_undo_the_membership(
    ana, settings, django_capture_on_commit_callbacks
):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9},
        }
    }
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(ana)
    assert Membership.objects.filter(pk=invitation.membership.pk, is_active=True).exists()
