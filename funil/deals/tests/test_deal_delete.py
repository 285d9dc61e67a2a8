from decimal import Decimal

import pytest

from funil.activities.models import Activity, Kind
from funil.activities.services import activity_log
from funil.catalog.models import Product
from funil.core.errors import Forbidden
from funil.core.models import AuditEntry
from funil.deals.models import Deal, DealLine
from funil.deals.services import deal_delete, deal_delete_plan, deal_mark_won
from funil.testing.factories import make_deal


def product(actor):
    return Product.objects.create(workspace=actor.workspace, name="Seats", currency="BRL", price=Decimal("50"))


def test_ana_deletes_a_deal_with_its_lines_and_timeline(ana):
    deal = make_deal(ana, title="Padaria 2027")
    DealLine.objects.create(workspace=ana.workspace, deal=deal, product=product(ana), unit_price=Decimal("50"))
    activity_log(actor=ana, target=deal, kind=Kind.CALL, subject="Negotiation")
    [item] = deal_delete_plan(actor=ana, deals=[deal]).deletable
    assert (item.timeline, item.extra["lines"]) == (2, 1)

    assert deal_delete(actor=ana, deals=[deal]) == 1

    assert not Deal.objects.filter(pk=deal.pk).exists()
    assert not DealLine.objects.filter(deal_id=deal.pk).exists()
    assert not Activity.objects.filter(deal_id=deal.pk).exists()
    entry = AuditEntry.objects.get(entity="deal", record_id=deal.pk)
    assert (entry.label, entry.actor_id, entry.details["lines"]) == ("Padaria 2027", ana.user.pk, 1)


def test_a_won_deal_can_go_and_the_audit_entry_keeps_its_amount_and_outcome(ana):
    deal = make_deal(ana, amount="1234.50")
    deal_mark_won(actor=ana, deal=deal)
    deal_delete(actor=ana, deals=[deal])
    details = AuditEntry.objects.get(entity="deal", record_id=deal.pk).details
    assert (details["status"], details["amount"], details["currency"]) == ("won", "1234.50", "BRL")


def test_bruno_rita_and_carla_cannot_delete_acmes_deals(ana, bruno, rita, carla):
    brunos = make_deal(ana, owner_id=bruno.user.pk)
    for actor in (bruno, rita, carla):
        with pytest.raises(Forbidden):
            deal_delete(actor=actor, deals=[brunos])
    assert Deal.objects.filter(pk=brunos.pk).exists()
    assert [i.refusal.code for i in deal_delete_plan(actor=bruno, deals=[brunos]).refused] == ["forbidden"]
    assert not AuditEntry.objects.exists()


def test_several_deals_go_in_one_request(ana):
    deals = [make_deal(ana) for _ in range(3)]
    assert deal_delete(actor=ana, deals=deals) == 3
    assert AuditEntry.objects.filter(entity="deal").count() == 3
