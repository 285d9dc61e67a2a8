"""The users and teams pages: invite by email (the mail and its link), change roles and teams, deactivate;
and the workspace form."""

import re

from django.urls import reverse

from funil.accounts.models import Membership, Team, User, Workspace
from funil.accounts.roles import Role

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_the_users_page_lists_members_with_role_team_and_status(
    client, ana, bruno, rita, django_assert_max_num_queries
):
    client.force_login(ana.user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("web:settings_members"))
    body = response.content.decode()
    assert all(name in body for name in ("Ana Souza", "Bruno Lima", "Rita Reis", "Inside sales", "Salesperson"))
    assert f'id="member-{bruno.membership.pk}"' in body


def test_ana_invites_someone_and_the_mail_carries_a_working_link(
    client, ana, sales_team, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(ana.user)
    url = reverse("web:settings_member_invite")
    bad = client.post(url, {"email": "nope", "role": "salesperson"})
    assert bad.status_code == 422 and "field-error" in bad.content.decode() and bad.context["errors"]["email"]
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            url, {"email": "joana@acme.example.com", "full_name": "Joana", "role": "manager", "team": sales_team.pk}
        )
    assert done.status_code == 302
    [mail] = mailoutbox
    link = re.search(r"http://testserver(/password/reset/\S+)", mail.body).group(1)
    client.logout()
    choose = client.get(link, follow=True)
    assert choose.status_code == 200 and choose.context["validlink"]
    client.post(choose.redirect_chain[-1][0], {"new_password1": "Sunny-day-2026!", "new_password2": "Sunny-day-2026!"})
    assert client.login(email="joana@acme.example.com", password="Sunny-day-2026!")
    assert client.get(reverse("web:settings")).status_code == 200  # a manager reads the settings


def test_a_pending_invitation_shows_and_is_sent_again(client, ana, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(ana.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("web:settings_member_invite"), {"email": "joana@acme.example.com", "role": "salesperson"})
    membership = Membership.objects.get(user__email="joana@acme.example.com")
    assert "Invitation pending" in client.get(reverse("web:settings_members")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        row = client.post(reverse("web:settings_member_resend", args=[membership.pk]), **HTMX)
    assert row.status_code == 200 and "Invitation sent again" in row.content.decode()
    assert len(mailoutbox) == 2


def test_roles_and_teams_change_in_the_row_with_htmx(client, ana, bruno):
    field = Team.objects.create(workspace=ana.workspace, name="Field sales")
    client.force_login(ana.user)
    row = client.post(reverse("web:settings_member_role", args=[bruno.membership.pk]), {"role": "manager"}, **HTMX)
    assert row.status_code == 200 and row.content.decode().lstrip().startswith(f'<tr id="member-{bruno.membership.pk}"')
    client.post(reverse("web:settings_member_team", args=[bruno.membership.pk]), {"team": field.pk})
    stored = Membership.objects.get(pk=bruno.membership.pk)
    assert (stored.role, stored.team) == (Role.MANAGER, field)


def test_the_last_admin_is_told_why_they_cannot_step_down(client, ana):
    client.force_login(ana.user)
    row = client.post(reverse("web:settings_member_role", args=[ana.membership.pk]), {"role": "manager"}, **HTMX)
    assert row.status_code == 422 and "at least one active admin" in row.content.decode()
    plain = client.post(reverse("web:settings_member_active", args=[ana.membership.pk]), {"active": "0"}, follow=True)
    assert "at least one active admin" in plain.content.decode()
    assert Membership.objects.get(pk=ana.membership.pk).is_active


def test_a_deactivated_member_is_shut_out_at_once_and_can_be_reactivated(client, ana, bruno):
    from django.test import Client

    brunos = Client()
    brunos.force_login(bruno.user)
    assert brunos.get(reverse("web:home")).status_code == 200
    client.force_login(ana.user)
    row = client.post(reverse("web:settings_member_active", args=[bruno.membership.pk]), {"active": "0"}, **HTMX)
    assert "Deactivated" in row.content.decode() and "Reactivate Bruno Lima" in row.content.decode()
    assert brunos.get(reverse("web:home")).status_code == 403
    client.post(reverse("web:settings_member_active", args=[bruno.membership.pk]), {"active": "1"})
    assert brunos.get(reverse("web:home")).status_code == 200


def test_carla_cannot_act_on_acme_members(client, ana, bruno, carla):
    client.force_login(carla.user)
    for name in ("web:settings_member_role", "web:settings_member_active", "web:settings_member_resend"):
        assert (
            client.post(reverse(name, args=[bruno.membership.pk]), {"role": "admin", "active": "0"}).status_code == 404
        )
    stored = Membership.objects.get(pk=bruno.membership.pk)
    assert (stored.role, stored.is_active) == (Role.SALESPERSON, True)


def test_teams_are_added_renamed_and_given_members(client, ana, bruno, rita):
    client.force_login(ana.user)
    assert client.post(reverse("web:settings_teams"), {"name": "Inside sales"}).status_code == 422
    added = client.post(reverse("web:settings_teams"), {"name": "Field sales"})
    team = Team.objects.get(workspace=ana.workspace, name="Field sales")
    assert added.url == reverse("web:settings_team", args=[team.pk])
    page = client.get(added.url).content.decode()
    assert "(Inside sales)" in page  # members on another team say so
    client.post(added.url, {"members": [bruno.user.pk, rita.user.pk]})
    assert set(Membership.objects.filter(team=team).values_list("user_id", flat=True)) == {bruno.user.pk, rita.user.pk}
    refused = client.post(added.url, {"members": ["999999"]})
    assert refused.status_code == 422 and refused.context["errors"]["members"]
    client.post(reverse("web:settings_team_rename", args=[team.pk]), {"name": "Field sales South"}, **HTMX)
    assert Team.objects.get(pk=team.pk).name == "Field sales South"


def test_the_workspace_form_shows_each_error_next_to_its_field_and_saves(client, ana):
    client.force_login(ana.user)
    url = reverse("web:settings_workspace")
    data = {
        "name": "",
        "currency": "RS",
        "country": "BR",
        "language": "pt-br",
        "time_zone": "Nowhere",
        "crm_mode": "simple",
    }
    bad = client.post(url, data)
    assert bad.status_code == 422 and set(bad.context["errors"]) == {"name", "currency", "time_zone"}
    good = client.post(url, {**data, "name": "Acme Brasil", "currency": "BRL", "time_zone": "America/Recife"})
    assert good.status_code == 302
    ws = Workspace.objects.get(pk=ana.workspace.pk)
    assert (ws.name, ws.time_zone, ws.crm_mode) == ("Acme Brasil", "America/Recife", "simple")
    assert User.objects.filter(pk=ana.user.pk).exists()
