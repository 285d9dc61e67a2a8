"""A retired source or product cannot be newly given to a record, and a record that holds one keeps it."""

import pytest

from funil.catalog.models import Product, Source
from funil.core.errors import ValidationFailed
from funil.deals.services import deal_set_lines
from funil.leads.services import lead_update
from funil.testing.factories import make_deal, make_lead


@pytest.fixture
def fair(ana) -> Source:
    return Source.objects.create(workspace=ana.workspace, name="Trade fair 2025")


@pytest.fixture
def oven(ana) -> Product:
    return Product.objects.create(workspace=ana.workspace, name="Old oven", price="100.00")


def _retire(row) -> None:
    row.active = False
    row.save(update_fields=["active"])


def test_a_retired_source_is_refused_on_a_new_choice_but_kept_where_it_is(ana, fair):
    holder = make_lead(ana, first_name="Rosa", source=fair.pk)
    _retire(fair)
    with pytest.raises(ValidationFailed) as refused:
        make_lead(ana, first_name="Nova", source=fair.pk)
    assert refused.value.errors[0].code == "reference_retired"
    kept = lead_update(
        actor=ana, lead=holder, expected_version=holder.version, changes={"source": fair.pk, "city": "Recife"}
    )
    assert (kept.source_id, kept.city) == (fair.pk, "Recife")


def test_a_retired_product_is_refused_as_interest_and_as_a_deal_line_unless_already_there(ana, oven):
    lead = make_lead(ana, first_name="Rosa", products=[oven.pk])
    deal = make_deal(ana, title="Padaria")
    deal = deal_set_lines(actor=ana, deal=deal, expected_version=deal.version, lines=[{"product": oven.pk}])
    _retire(oven)
    lead = lead_update(actor=ana, lead=lead, expected_version=lead.version, changes={"products": [oven.pk]})
    deal = deal_set_lines(
        actor=ana, deal=deal, expected_version=deal.version, lines=[{"product": oven.pk, "quantity": "2"}]
    )
    assert deal.amount == 200
    other = make_lead(ana, first_name="Nova")
    with pytest.raises(ValidationFailed) as refused:
        lead_update(actor=ana, lead=other, expected_version=other.version, changes={"products": [oven.pk]})
    assert refused.value.errors[0].code == "reference_retired"
    fresh = make_deal(ana, title="Mercado")
    with pytest.raises(ValidationFailed) as refused:
        deal_set_lines(actor=ana, deal=fresh, expected_version=fresh.version, lines=[{"product": oven.pk}])
    assert refused.value.errors[0].code == "reference_retired"


def test_a_campaign_keeps_its_retired_source_when_edited_but_cannot_take_it_anew(ana, fair):
    from funil.catalog.services.campaigns import campaign_create, campaign_update

    spring = campaign_create(actor=ana, data={"name": "Spring", "source": fair.pk})
    _retire(fair)
    spring = campaign_update(actor=ana, campaign=spring, changes={"source": fair.pk, "cost": "500"})
    assert (spring.source_id, spring.cost) == (fair.pk, 500)
    with pytest.raises(ValidationFailed) as refused:
        campaign_create(actor=ana, data={"name": "Autumn", "source": fair.pk})
    assert refused.value.errors[0].code == "reference_retired"
