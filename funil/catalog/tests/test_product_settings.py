"""Products added and edited from the Settings pages; managers may do it too, as their role allows."""

from decimal import Decimal

import pytest

from funil.accounts.access import actor_for
from funil.accounts.roles import Role
from funil.accounts.services import member_add
from funil.catalog.errors import CatalogError
from funil.catalog.models import Product
from funil.catalog.services import product_create, product_update
from funil.core.errors import Forbidden, ValidationFailed


def test_ana_adds_a_product_in_the_workspace_currency_and_edits_it(ana):
    product = product_create(actor=ana, data={"name": " CRM  Pro ", "sku": "CRM-1", "price": "99.9"})
    assert (product.name, product.sku, product.price, product.currency, product.active) == (
        "CRM Pro",
        "CRM-1",
        Decimal("99.90"),
        "BRL",
        True,
    )
    product_update(actor=ana, product=product, changes={"price": "120", "currency": "usd", "active": False})
    stored = Product.objects.get(pk=product.pk)
    assert (stored.price, stored.currency, stored.active) == (Decimal("120.00"), "USD", False)


def test_bad_product_input_is_refused_field_by_field(ana):
    product_create(actor=ana, data={"name": "CRM", "sku": "CRM-1"})
    with pytest.raises(ValidationFailed) as bad:
        product_create(
            actor=ana, data={"name": "", "sku": "crm-1", "price": "-5", "currency": "reais", "active": "yes"}
        )
    assert {e.field: e.code for e in bad.value.errors} == {
        "name": "name_required",
        "sku": CatalogError.SKU_TAKEN,
        "price": "amount_invalid",
        "currency": "currency_invalid",
        "active": "invalid",
    }
    with pytest.raises(ValidationFailed) as unknown:
        product_create(actor=ana, data={"name": "X", "workspace": 2})
    assert unknown.value.errors[0].code == "field_unknown"
    assert Product.objects.filter(workspace=ana.workspace).count() == 1


def test_a_product_keeps_its_own_code_when_edited(ana):
    product = product_create(actor=ana, data={"name": "CRM", "sku": "CRM-1"})
    product_update(actor=ana, product=product, changes={"sku": "CRM-1", "name": "CRM Basic"})
    assert Product.objects.get(pk=product.pk).name == "CRM Basic"


def test_a_manager_manages_products_but_bruno_rita_and_carla_do_not(ana, bruno, rita, carla, acme, sales_team):
    manager = actor_for(member_add(workspace=acme, email="m@acme.example.com", role=Role.MANAGER).user, acme)
    product = product_create(actor=manager, data={"name": "Onboarding"})
    for outsider in (bruno, rita):
        with pytest.raises(Forbidden):
            product_create(actor=outsider, data={"name": "Mine"})
    for outsider in (bruno, rita, carla):
        with pytest.raises(Forbidden):
            product_update(actor=outsider, product=product, changes={"name": "Mine"})
    assert Product.objects.get(pk=product.pk).name == "Onboarding"


def test_a_code_taken_by_a_concurrent_write_is_refused_on_the_code(ana):
    from unittest import mock

    product_create(actor=ana, data={"name": "CRM", "sku": "CRM-1"})
    with mock.patch("funil.catalog.services.products._refuse_taken_sku"), pytest.raises(ValidationFailed) as clash:
        product_create(actor=ana, data={"name": "CRM again", "sku": "CRM-1"})
    assert clash.value.errors[0].field == "sku"
