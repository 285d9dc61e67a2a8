"""Every Settings page renders for an admin, read-only for a manager, and not at all for other roles."""

import pytest
from django.urls import reverse

from funil.accounts.access import actor_for
from funil.accounts.roles import Role
from funil.accounts.services import member_add
from funil.catalog.models import Campaign, CustomField, Product
from funil.pipelines.models import CloseReason, Pipeline, Stage

LIST_PAGES = [
    "web:settings",
    "web:settings_workspace",
    "web:settings_pipelines",
    "web:settings_reasons",
    "web:settings_fields",
    "web:settings_products",
    "web:settings_sources",
    "web:settings_campaigns",
    "web:settings_teams",
    "web:settings_members",
    "web:settings_member_invite",
]


@pytest.fixture
def acme_rows(ana, sales_team):
    """One of each settings row of Acme, for the pages that show a single one."""
    ws = ana.workspace
    return {
        "web:settings_pipeline": Pipeline.objects.filter(workspace=ws).first(),
        "web:settings_stage": Stage.objects.filter(workspace=ws).first(),
        "web:settings_field": CustomField.objects.create(
            workspace=ws, entity="lead", key="segment", label="Segment", type="choice", choices=["SMB"]
        ),
        "web:settings_product": Product.objects.create(workspace=ws, name="CRM Pro", currency="BRL"),
        "web:settings_campaign": Campaign.objects.create(workspace=ws, name="Black Friday", currency="BRL"),
        "web:settings_team": sales_team,
    }


@pytest.fixture
def manager(acme, sales_team):
    m = member_add(workspace=acme, email="mara@acme.example.com", role=Role.MANAGER, team=sales_team)
    return actor_for(m.user, acme)


@pytest.mark.parametrize("name", LIST_PAGES)
def test_each_settings_page_renders_for_ana_with_its_section_current(client, ana, name, django_assert_max_num_queries):
    client.force_login(ana.user)
    with django_assert_max_num_queries(15):
        response = client.get(reverse(name))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'aria-current="page"' in body and "settings-nav" in body
    assert "only admins change them" not in body


def test_each_record_page_renders_for_ana(client, ana, acme_rows):
    client.force_login(ana.user)
    for name, obj in acme_rows.items():
        response = client.get(reverse(name, args=[obj.pk]))
        assert response.status_code == 200, name
        assert str(obj.name if hasattr(obj, "name") else obj.label) in response.content.decode()


@pytest.mark.parametrize("name", LIST_PAGES)
def test_bruno_and_rita_may_not_open_the_settings(client, bruno, rita, name):
    for persona in (bruno, rita):
        client.force_login(persona.user)
        assert client.get(reverse(name)).status_code == 403, persona.user.email


def test_bruno_may_not_open_a_settings_record_or_post_to_one(client, bruno, acme_rows):
    client.force_login(bruno.user)
    for name, obj in acme_rows.items():
        assert client.get(reverse(name, args=[obj.pk])).status_code == 403
        assert client.post(reverse(name, args=[obj.pk]), {"name": "x", "label": "x"}).status_code == 403


def test_carla_gets_404_for_every_acme_settings_record(client, carla, acme_rows):
    client.force_login(carla.user)
    for name, obj in acme_rows.items():
        assert client.get(reverse(name, args=[obj.pk])).status_code == 404, name
    stage = acme_rows["web:settings_stage"]
    for name in ("web:settings_stage_move", "web:settings_stage_delete", "web:settings_stage_rename"):
        assert client.post(reverse(name, args=[stage.pk]), {"direction": "up", "name": "x"}).status_code == 404
    reason = CloseReason.objects.filter(workspace=acme_rows["web:settings_team"].workspace).first()
    assert client.post(reverse("web:settings_reason_active", args=[reason.pk]), {"active": "0"}).status_code == 404
    assert CloseReason.objects.get(pk=reason.pk).active


def test_a_manager_reads_the_settings_but_gets_no_forms_and_cannot_post(client, manager, acme_rows):
    client.force_login(manager.user)
    response = client.get(reverse("web:settings_pipeline", args=[acme_rows["web:settings_pipeline"].pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "only admins change them" in body and "Add stage" not in body
    stage = acme_rows["web:settings_stage"]
    assert client.post(reverse("web:settings_stage_move", args=[stage.pk]), {"direction": "down"}).status_code == 403
    assert client.post(reverse("web:settings_teams"), {"name": "Field sales"}).status_code == 403


def test_a_manager_may_edit_products_as_the_roles_allow(client, manager, acme_rows):
    product = acme_rows["web:settings_product"]
    client.force_login(manager.user)
    response = client.post(
        reverse("web:settings_product", args=[product.pk]),
        {"name": "CRM Pro", "sku": "CRM-PRO", "price": "99.90", "currency": "BRL", "active": "1"},
    )
    assert response.status_code == 302
    assert Product.objects.get(pk=product.pk).sku == "CRM-PRO"
