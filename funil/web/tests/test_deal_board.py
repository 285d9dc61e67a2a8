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


def test_the_deal_board_takes_the_deal_filters_from_its_url(client, ana, bruno):
    make_deal(ana, title="Padaria", amount="1000")
    make_deal(ana, title="Mercado", amount="50", owner_id=bruno.user.pk)
    client.force_login(ana.user)
    page = client.get(reverse("web:deal_board"), {"amount_min": "100", "owner": "me"})
    assert sum(c.count for c in page.context["columns"]) == 1
    body = page.content.decode()
    assert "Padaria" in body and "Mercado" not in body
    assert 'name="amount_min"' in body and 'href="/deals/?' in body  # the same filter opens the list
    refused = client.get(reverse("web:deal_board"), {"amount_min": "lots"})
    assert refused.status_code == 200 and "amount_min" in refused.context["filter"].errors


def test_load_more_keeps_the_board_filter(client, ana):
    for i in range(25):
        make_deal(ana, title=f"Big {i}", amount="1000")
    make_deal(ana, title="Tiny", amount="1")
    client.force_login(ana.user)
    first = client.get(reverse("web:deal_board"), {"amount_min": "100"}).context["columns"][0]
    assert first.count == 25 and first.next_cursor
    more = client.get(
        reverse("web:deal_board_column", args=[first.stage.pk]), {"cursor": first.next_cursor, "amount_min": "100"}
    )
    titles = [d.title for d in more.context["cards"]]
    assert len(titles) == 5 and "Tiny" not in titles


def test_each_deal_pipeline_has_its_board(client, ana):
    from funil.pipelines.settings_services.pipelines import pipeline_create

    other = pipeline_create(actor=ana, kind="deal", name="Renewals")
    make_deal(ana, title="Padaria")
    client.force_login(ana.user)
    page = client.get(reverse("web:deal_board"), {"pipeline": other.pk})
    assert page.context["pipeline"] == other and sum(c.count for c in page.context["columns"]) == 0
    assert f'<option value="{other.pk}" selected' in page.content.decode()
