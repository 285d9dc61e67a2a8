from decimal import Decimal

import pytest

from funil.activities.models import Activity, Kind
from funil.catalog.models import Product
from funil.core.errors import Conflict, Forbidden, ValidationFailed
from funil.deals.models import Deal
from funil.deals.services import deal_move, deal_set_lines
from funil.testing.factories import deal_stage, make_deal


@pytest.fixture
def crm(ana):
    return Product.objects.create(workspace=ana.workspace, name="CRM", price="100.00", currency="BRL")


def test_lines_replace_the_old_ones_and_the_amount_follows_their_total(ana, crm):
    deal = make_deal(ana, amount="10")
    deal = deal_set_lines(
        actor=ana,
        deal=deal,
        expected_version=1,
        lines=[{"product": crm.pk, "quantity": "3"}, {"product": crm.pk, "unit_price": "50"}],
    )
    stored = Deal.objects.get(pk=deal.pk)
    assert (stored.amount, stored.version, stored.lines.count()) == (Decimal("350.00"), 2, 2)
    entry = Activity.objects.get(deal=deal, kind=Kind.FIELD_CHANGE)
    assert entry.payload["changes"]["lines"] == [None, "CRM x 3 @ 100.00; CRM x 1 @ 50.00"]
    assert entry.payload["changes"]["amount"] == ["10.00", "350.00"]
    deal_set_lines(actor=ana, deal=deal, expected_version=2, lines=[])
    stored = Deal.objects.get(pk=deal.pk)
    assert (stored.lines.count(), stored.amount) == (0, Decimal("350.00"))  # no lines: the amount stays


def test_the_same_lines_write_nothing(ana, crm):
    deal = make_deal(ana, amount="10")
    deal = deal_set_lines(actor=ana, deal=deal, expected_version=1, lines=[{"product": crm.pk}])
    again = deal_set_lines(actor=ana, deal=deal, expected_version=2, lines=[{"product": crm.pk, "quantity": "1.00"}])
    assert again.version == 2


def test_bad_lines_a_stale_version_and_other_peoples_deals_are_refused(ana, bruno, carla, crm):
    deal = make_deal(ana)
    other = Product.objects.create(workspace=carla.workspace, name="Theirs", price="1", currency="EUR")
    with pytest.raises(ValidationFailed) as exc:
        deal_set_lines(
            actor=ana,
            deal=deal,
            expected_version=1,
            lines=[{"product": other.pk}, {"product": crm.pk, "quantity": "0"}],
        )
    assert [e.field for e in exc.value.errors] == ["lines.0", "lines.1"]
    with pytest.raises(Conflict):
        deal_set_lines(actor=ana, deal=deal, expected_version=7, lines=[{"product": crm.pk}])
    for outsider in (bruno, carla):
        with pytest.raises(Forbidden):
            deal_set_lines(actor=outsider, deal=deal, expected_version=1, lines=[{"product": crm.pk}])
    assert Deal.objects.get(pk=deal.pk).lines.count() == 0


def test_a_won_deal_keeps_an_amount_above_zero(ana):
    free = Product.objects.create(workspace=ana.workspace, name="Trial", price="0", currency="BRL")
    deal = make_deal(ana, amount="500")
    deal = deal_move(actor=ana, deal=deal, stage=deal_stage(ana, "Won"), expected_version=1)
    with pytest.raises(ValidationFailed) as exc:
        deal_set_lines(actor=ana, deal=deal, expected_version=deal.version, lines=[{"product": free.pk}])
    assert exc.value.code == "won_amount_required"
