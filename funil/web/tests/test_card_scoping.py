"""A card shows linked records only as far as the member may see them."""

from django.urls import reverse

from funil.deals.models import Deal
from funil.testing.factories import make_deal, make_lead


def test_a_lead_card_lists_only_the_deals_the_member_may_see(client, ana, bruno):
    lead = make_lead(ana, first_name="Rosa", owner_id=bruno.user.pk)
    mine = make_deal(ana, title="Bruno's deal", owner_id=bruno.user.pk, lead=lead.pk)
    make_deal(ana, title="Ana's secret deal", lead=lead.pk)
    client.force_login(bruno.user)
    shown = client.get(reverse("web:lead_card", args=[lead.pk])).context["deals"]
    assert [d.title for d in shown] == [mine.title]
    client.force_login(ana.user)
    assert len(client.get(reverse("web:lead_card", args=[lead.pk])).context["deals"]) == 2


def test_a_deal_card_links_its_lead_only_when_the_member_may_see_it(client, ana, bruno):
    lead = make_lead(ana, first_name="Hidden", last_name="Origin")
    deal = make_deal(ana, title="Padaria", owner_id=bruno.user.pk, lead=lead.pk)
    assert Deal.objects.get(pk=deal.pk).lead_id == lead.pk
    client.force_login(bruno.user)
    body = client.get(reverse("web:deal_card", args=[deal.pk])).content.decode()
    assert "Hidden Origin" not in body and reverse("web:lead_card", args=[lead.pk]) not in body
    client.force_login(ana.user)
    assert "Hidden Origin" in client.get(reverse("web:deal_card", args=[deal.pk])).content.decode()
