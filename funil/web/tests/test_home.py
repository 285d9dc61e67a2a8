import pytest
from django.urls import reverse

from funil.accounts.middleware import SESSION_KEY
from funil.accounts.models import Workspace
from funil.leads.services import lead_mark_junk
from funil.testing.factories import make_deal, make_lead, reason
from funil.testing.personas import PASSWORD


@pytest.fixture
def acme_records(ana, bruno):
    make_lead(ana, first_name="Only", last_name="Ana")
    make_lead(ana, owner_id=bruno.user.pk)
    lead_mark_junk(actor=ana, lead=make_lead(ana), reason=reason(ana))
    make_deal(ana, amount="2500.00")


def test_the_login_page_renders_with_its_form(client):
    response = client.get(reverse("web:login"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="username"' in body and 'name="password"' in body
    assert "Content-Security-Policy" in response.headers


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(reverse("web:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("web:login"))


def test_a_wrong_password_is_refused_with_a_message(client, ana):
    response = client.post(reverse("web:login"), {"username": ana.user.email, "password": "nope"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_logging_in_shows_the_workspace_numbers(client, ana, acme_records):
    response = client.post(reverse("web:login"), {"username": ana.user.email, "password": PASSWORD}, follow=True)
    assert response.status_code == 200
    summary = response.context["summary"]
    assert (summary.open_leads, summary.junk_leads, summary.open_deals) == (2, 1, 1)
    assert summary.open_pipeline_value == 2500
    assert {s.name: s.count for s in summary.lead_stages}["Unqualified"] == 1
    assert "Acme Ltda" in response.content.decode()


def test_bruno_sees_only_his_own_numbers(client, bruno, acme_records):
    client.force_login(bruno.user)
    summary = client.get(reverse("web:home")).context["summary"]
    assert (summary.open_leads, summary.open_deals) == (1, 0)


def test_carla_sees_nothing_of_acme_and_cannot_switch_into_it(client, carla, acme_records):
    client.force_login(carla.user)
    response = client.get(reverse("web:home"))
    summary = response.context["summary"]
    assert (summary.open_leads, summary.junk_leads, summary.open_deals) == (0, 0, 0)
    assert "Acme" not in response.content.decode()
    acme_id = Workspace.objects.get(name="Acme Ltda").pk
    switched = client.post(reverse("web:workspace_switch"), {"workspace": acme_id})
    assert switched.status_code == 404
    assert client.session.get(SESSION_KEY) != acme_id


def test_a_member_of_two_workspaces_can_switch(client, ana, globex):
    from funil.accounts.services import member_add

    member_add(workspace=globex, email=ana.user.email, role="manager")
    client.force_login(ana.user)
    assert client.get(reverse("web:home")).context["actor"].workspace.name == "Acme Ltda"
    client.post(reverse("web:workspace_switch"), {"workspace": globex.pk})
    assert client.get(reverse("web:home")).context["actor"].workspace.name == "Globex SL"


def test_a_user_without_workspace_is_told_what_to_do(client, db):
    from funil.accounts.models import User

    user = User.objects.create_user("lonely@example.com", PASSWORD)
    client.force_login(user)
    response = client.get(reverse("web:home"))
    assert response.status_code == 403
    assert "createworkspace" in response.content.decode()


def test_the_home_page_makes_a_fixed_number_of_queries(client, ana, acme_records, django_assert_max_num_queries):
    client.force_login(ana.user)
    client.get(reverse("web:home"))
    for _ in range(20):
        make_lead(ana)
    with django_assert_max_num_queries(16):
        client.get(reverse("web:home"))


def test_a_simple_mode_workspace_shows_deals_only(client, ana, acme_records):
    ana.workspace.crm_mode = "simple"
    ana.workspace.save()
    client.force_login(ana.user)
    body = client.get(reverse("web:home")).content.decode()
    assert "Deals by stage" in body
    assert "Leads by stage" not in body and "Open leads" not in body
