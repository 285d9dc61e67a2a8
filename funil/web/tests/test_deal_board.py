from django.urls import reverse

from funil.deals.models import Deal
from funil.testing.factories import deal_stage, make_deal, reason


def test_the_deal_board_shows_counts_and_amounts_within_scope(client, ana, bruno, carla):
    make_deal(ana, title="Padaria", amount="1000")
    make_deal(ana, title="Mercado", amount="500", owner_id=bruno.user.pk)
    client.force_login(ana.user)
    first = client.get(reverse("web:deal_board")).context["columns"][0]
    assert (first.stage.name, first.count, first.total) == ("Qualification", 2, 1500)
    client.force_login(bruno.user)
    body = client.get(reverse("web:deal_board")).content.decode()
    assert "Mercado" in body and "Padaria" not in body
    client.force_login(carla.user)
    assert sum(c.count for c in client.get(reverse("web:deal_board")).context["columns"]) == 0


def test_won_asks_for_the_amount_and_lost_for_the_reason(client, ana):
    deal = make_deal(ana, amount="1000")
    client.force_login(ana.user)
    url = reverse("web:deal_move", args=[deal.pk])
    asked = client.post(url, {"stage": deal_stage(ana, "Lost").pk, "version": 1}, HTTP_HX_REQUEST="true")
    assert asked.headers["HX-Retarget"] == "#dialog" and 'name="lost_reason"' in asked.content.decode()
    client.post(url, {"stage": deal_stage(ana, "Lost").pk, "version": 1, "lost_reason": reason(ana, "lost").pk})
    assert Deal.objects.get(pk=deal.pk).status == "lost"
    other = make_deal(ana, amount="0")
    url = reverse("web:deal_move", args=[other.pk])
    assert 'name="won_amount"' in client.post(url, {"stage": deal_stage(ana, "Won").pk}).content.decode()
    refused = client.post(url, {"stage": deal_stage(ana, "Won").pk, "won_amount": "0"}, follow=True)
    assert Deal.objects.get(pk=other.pk).status == "open" and 'class="flash-error' in refused.content.decode()
    client.post(url, {"stage": deal_stage(ana, "Won").pk, "won_amount": "750"})
    assert (Deal.objects.get(pk=other.pk).status, Deal.objects.get(pk=other.pk).amount) == ("won", 750)


def test_a_move_never_redirects_off_the_site(client, ana):
    deal = make_deal(ana)
    client.force_login(ana.user)
    response = client.post(
        reverse("web:deal_move", args=[deal.pk]),
        {"stage": deal_stage(ana, "Proposal").pk, "next": "https://evil.example.com/"},
    )
    assert response.url == reverse("web:deal_board")
