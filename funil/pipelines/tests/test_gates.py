"""Stage gates on deals: an amount of zero is no amount yet, and products mean product lines."""

import pytest

from funil.catalog.models import Product
from funil.core.errors import ValidationFailed
from funil.deals.services import deal_move
from funil.pipelines.settings_services import stage_update
from funil.testing.factories import deal_stage, make_deal


def test_a_deal_needs_an_amount_above_zero_to_enter_a_stage_requiring_it(ana):
    proposal = stage_update(actor=ana, stage=deal_stage(ana, "Proposal"), changes={"required_fields": ["amount"]})
    with pytest.raises(ValidationFailed) as gate:
        deal_move(actor=ana, deal=make_deal(ana, amount="0"), stage=proposal)
    assert gate.value.errors[0].field == "amount"
    assert deal_move(actor=ana, deal=make_deal(ana, amount="10"), stage=proposal).stage == proposal


def test_a_deal_needs_product_lines_to_enter_a_stage_requiring_products(ana):
    proposal = stage_update(actor=ana, stage=deal_stage(ana, "Proposal"), changes={"required_fields": ["products"]})
    product = Product.objects.create(workspace=ana.workspace, name="CRM", currency="BRL", price="100")
    with pytest.raises(ValidationFailed):
        deal_move(actor=ana, deal=make_deal(ana), stage=proposal)
    deal = make_deal(ana)
    deal.lines.create(workspace=ana.workspace, product=product, quantity=1, unit_price=100)
    assert deal_move(actor=ana, deal=deal, stage=proposal).stage == proposal
