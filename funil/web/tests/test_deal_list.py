import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from funil.catalog.models import Campaign, Product, Source
from funil.contacts.tests.factories import make_company, make_contact
from funil.deals.models import Deal, DealLine
from funil.deals.services import deal_mark_lost
from funil.testing.factories import deal_stage, lead_stage, make_deal, reason

from .list_walk import rows, walk

URL = "/deals/"


def test_the_deal_list_is_at_its_name(client, ana):
    assert reverse("web:deal_list") == URL


def test_every_sort_pages_by_keyset_giving_each_deal_once_empty_values_last(client, ana):
    for i in range(75):
        make_deal(
            ana,
            title=f"{'abcdefg'[i % 7]}{'' if i % 2 else 'X'} deal {i}",
            amount=str(i % 5 * 100),
            probability=i % 4 * 10,
            expected_close_date=f"2027-0{i % 9 + 1}-1{i % 3}" if i % 4 else "",
        )
    client.force_login(ana.user)
    for sort in ("-created", "created", "title", "-title", "amount", "-amount", "close", "-close", "followup"):
        seen = walk(client, URL, sort=sort)
        assert len(seen) == 75 and len(set(seen)) == 75, sort
    dated = [d.expected_close_date for d in (Deal.objects.get(pk=pk) for pk in walk(client, URL, sort="-close"))]
    assert dated[-1] is None and dated[0] == max(d for d in dated if d)
    titles = [Deal.objects.get(pk=pk).title.lower() for pk in walk(client, URL, sort="title")]
    assert titles == sorted(titles)


def test_the_list_makes_a_fixed_number_of_queries(client, ana, django_assert_max_num_queries):
    company, contact = make_company(ana), make_contact(ana)
    for _ in range(60):
        make_deal(ana, company=company.pk, contact=contact.pk)
    client.force_login(ana.user)
    cols = "&".join(f"col={c}" for c in ("title", "company", "contact", "stage", "owner", "source", "amount"))
    with django_assert_max_num_queries(20):
        response = client.get(f"{URL}?{cols}")
    assert len(response.context["page"].rows) == 50


def test_filters_by_stage_status_owner_amount_close_date_and_text(client, ana, bruno):
    company = make_company(ana, name="Padaria Boa")
    contact = make_contact(ana, email="joana@example.org")
    cheap = make_deal(ana, title="Pão", amount="100", expected_close_date="2027-03-01", company=company.pk)
    dear = make_deal(ana, title="Forno", amount="9000", owner_id=bruno.user.pk, contact=contact.pk)
    lost = make_deal(ana, title="Café", amount="500")
    deal_mark_lost(actor=ana, deal=lost, reason=reason(ana, "lost"))
    proposal = deal_stage(ana, "Proposal")
    Deal.objects.filter(pk=dear.pk).update(stage=proposal)
    client.force_login(ana.user)
    assert rows(client, URL, stage=str(proposal.pk)) == [dear.pk]
    assert rows(client, URL, status="lost") == [lost.pk]
    assert set(rows(client, URL, status="open")) == {cheap.pk, dear.pk}
    assert rows(client, URL, owner="unassigned") == []
    assert set(rows(client, URL, owner="me")) == {cheap.pk, lost.pk}
    assert rows(client, URL, amount_min="200", amount_max="1000") == [lost.pk]
    assert rows(client, URL, close_from="2027-02-01", close_to="2027-03-31") == [cheap.pk]
    assert rows(client, URL, q="padaria") == [cheap.pk]  # the company's search text
    assert rows(client, URL, q="forno") == [dear.pk]  # the title
    assert rows(client, URL, q="joana@example.org") == [dear.pk]  # the contact's address
    assert rows(client, URL, q="pão") == [cheap.pk]


def test_filters_by_pipeline_source_campaign_and_product(client, ana):
    source = Source.objects.filter(workspace=ana.workspace).first()
    campaign = Campaign.objects.create(workspace=ana.workspace, name="Spring", currency="BRL")
    product = Product.objects.create(workspace=ana.workspace, name="Oven", currency="BRL", price=Decimal(10))
    sourced, campaigned, with_product = (
        make_deal(ana, source=source.pk),
        make_deal(ana, campaign=campaign.pk),
        make_deal(ana),
    )
    DealLine.objects.create(workspace=ana.workspace, deal=with_product, product=product, unit_price=Decimal(10))
    DealLine.objects.create(workspace=ana.workspace, deal=with_product, product=product, unit_price=Decimal(20))
    client.force_login(ana.user)
    assert rows(client, URL, source=str(source.pk)) == [sourced.pk]
    assert rows(client, URL, campaign=str(campaign.pk)) == [campaigned.pk]
    assert rows(client, URL, product=str(product.pk)) == [with_product.pk]  # once, with two lines
    assert len(rows(client, URL, pipeline=str(sourced.pipeline_id))) == 3


def test_unreadable_filters_are_reported_not_a_crash(client, ana):
    make_deal(ana)
    client.force_login(ana.user)
    response = client.get(URL, {"amount_min": "lots", "close_from": "soon", "status": "pending", "stage": "x"})
    assert response.status_code == 200
    assert set(response.context["filter"].errors) == {"amount_min", "close_from", "status", "stage"}
    assert len(response.context["page"].rows) == 1
    assert client.get(URL, {"cursor": "garbage_x", "sort": "nonsense"}).status_code == 200
    assert client.get(URL, {"cursor": "NaN_1", "sort": "amount"}).status_code == 200


def test_filters_stay_in_the_more_link(client, ana):
    for _ in range(55):
        make_deal(ana, amount="300")
    client.force_login(ana.user)
    response = client.get(URL, {"amount_min": "200", "sort": "amount"})
    assert "amount_min=200" in response.context["more_url"] and "sort=amount" in response.context["more_url"]
    more = client.get(URL + response.context["more_url"], headers={"HX-Request": "true"})
    assert len(more.context["page"].rows) == 5 and b"<html" not in more.content


def test_bruno_lists_only_his_deals_and_carla_none(client, ana, bruno, carla):
    make_deal(ana, title="Ana's")
    his = make_deal(ana, title="Bruno's", owner_id=bruno.user.pk)
    client.force_login(bruno.user)
    assert rows(client, URL) == [his.pk]
    client.force_login(carla.user)
    assert rows(client, URL) == []


def test_bulk_assign_move_and_lost_go_through_the_services(client, ana, bruno):
    deals = [make_deal(ana) for _ in range(3)]
    ids = [d.pk for d in deals]
    client.force_login(ana.user)
    client.post(reverse("web:deal_bulk"), {"ids": ids, "action": "assign", "owner": bruno.user.pk})
    assert set(Deal.objects.filter(pk__in=ids).values_list("owner", flat=True)) == {bruno.user.pk}
    client.post(reverse("web:deal_bulk"), {"ids": ids[:2], "action": "move", "stage": deal_stage(ana, "Proposal").pk})
    assert Deal.objects.filter(pk__in=ids, stage__name="Proposal").count() == 2
    refused = client.post(reverse("web:deal_bulk"), {"ids": ids, "action": "lost"}, follow=True)
    assert Deal.objects.filter(pk__in=ids, status="lost").count() == 0
    assert len([m for m in refused.context["messages"] if m.level_tag == "error"]) == 3
    client.post(
        reverse("web:deal_bulk"), {"ids": ids, "action": "lost", "reason": reason(ana, "lost").pk, "note": "Price"}
    )
    assert Deal.objects.filter(pk__in=ids, status="lost", lost_note="Price").count() == 3


def test_bruno_moves_only_his_own_and_rita_nothing(client, ana, bruno, rita):
    his, hers = make_deal(ana, owner_id=bruno.user.pk), make_deal(ana)
    proposal = deal_stage(ana, "Proposal")
    client.force_login(bruno.user)
    client.post(reverse("web:deal_bulk"), {"ids": [his.pk, hers.pk], "action": "move", "stage": proposal.pk})
    assert Deal.objects.get(pk=his.pk).stage_id == proposal.pk
    assert Deal.objects.get(pk=hers.pk).stage_id != proposal.pk
    refused = client.post(
        reverse("web:deal_bulk"), {"ids": [his.pk], "action": "assign", "owner": ana.user.pk}, follow=True
    )
    assert Deal.objects.get(pk=his.pk).owner_id == bruno.user.pk  # salespeople do not assign
    assert any(m.level_tag == "error" for m in refused.context["messages"])
    client.force_login(rita.user)
    client.post(reverse("web:deal_bulk"), {"ids": [hers.pk], "action": "move", "stage": proposal.pk})
    assert Deal.objects.get(pk=hers.pk).stage_id != proposal.pk


def test_another_workspaces_ids_are_never_acted_on(client, ana, carla):
    deal = make_deal(ana)
    client.force_login(carla.user)
    for action in ("assign", "lost"):
        client.post(
            reverse("web:deal_bulk"),
            {"ids": [deal.pk], "action": action, "owner": carla.user.pk, "reason": reason(carla, "lost").pk},
        )
    body = b"".join(client.post(reverse("web:deal_bulk"), {"ids": [deal.pk], "action": "export"}).streaming_content)
    fresh = Deal.objects.get(pk=deal.pk)
    assert (fresh.owner_id, fresh.status, fresh.version) == (deal.owner_id, "open", deal.version)
    assert body.decode().count("\n") == 1  # the header only


def test_an_unknown_action_is_reported_once(client, ana):
    deal = make_deal(ana)
    client.force_login(ana.user)
    response = client.post(reverse("web:deal_bulk"), {"ids": [deal.pk], "action": "explode"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Pick an action."]


def test_export_neutralises_formulas_and_follows_the_export_scope(client, ana, bruno, rita):
    evil = make_deal(ana, title="=HYPERLINK(1)", amount="10.50", expected_close_date="2027-05-01")
    his = make_deal(ana, title="+Bruno", owner_id=bruno.user.pk)
    client.force_login(ana.user)
    response = client.post(reverse("web:deal_bulk"), {"ids": [evil.pk, his.pk], "action": "export"})
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode()
    assert body.startswith("id,title,amount,currency")
    assert f"{evil.pk},'=HYPERLINK(1),10.50,BRL" in body and "2027-05-01" in body and "'+Bruno" in body
    client.force_login(bruno.user)
    body = b"".join(
        client.post(reverse("web:deal_bulk"), {"ids": [evil.pk, his.pk], "action": "export"}).streaming_content
    ).decode()
    assert "'+Bruno" in body and "HYPERLINK" not in body
    client.force_login(rita.user)
    assert client.post(reverse("web:deal_bulk"), {"ids": [evil.pk], "action": "export"}).status_code == 403


def test_delete_from_the_bulk_bar_asks_for_confirmation_first(client, ana):
    deals = [make_deal(ana) for _ in range(2)]
    client.force_login(ana.user)
    response = client.post(
        reverse("web:deal_bulk"), {"ids": [d.pk for d in deals], "action": "delete", "next": f"{URL}?status=open"}
    )
    assert response.status_code == 302 and response["Location"].startswith(reverse("web:deal_delete"))
    assert Deal.objects.count() == 2
    page = client.get(response["Location"])
    assert page.context["ids"] == [d.pk for d in deals] and page.context["next"] == f"{URL}?status=open"


@pytest.mark.parametrize("persona", ["bruno", "rita"])
def test_the_bulk_bar_offers_only_what_the_member_may_do(client, ana, persona, request):
    actor = request.getfixturevalue(persona)
    client.force_login(actor.user)
    html = client.get(URL).content.decode()
    assert 'value="assign"' not in html and 'value="delete"' not in html
    assert ('value="export"' in html) == (persona == "bruno")


def test_rows_link_to_the_deal_contact_and_company_pages(client, ana):
    company, contact = make_company(ana), make_contact(ana)
    deal = make_deal(ana, company=company.pk, contact=contact.pk)
    client.force_login(ana.user)
    html = client.get(URL, {"col": ["title", "company", "contact"]}).content.decode()
    assert reverse("web:deal_card", args=[deal.pk]) in html
    assert reverse("web:contact_card", args=[contact.pk]) in html
    assert reverse("web:company_card", args=[company.pk]) in html


def test_dates_in_the_past_and_future_both_page(client, ana):
    today = datetime.date.today()
    for days in (-400, -1, 0, 1, 400):
        make_deal(ana, expected_close_date=(today + datetime.timedelta(days=days)).isoformat())
    client.force_login(ana.user)
    assert len(walk(client, URL, sort="close")) == 5


def test_garbage_in_a_bulk_form_is_refused_not_a_crash(client, ana):
    deal = make_deal(ana)
    client.force_login(ana.user)
    for data in (
        {"action": "move", "stage": "abc"},
        {"action": "move", "stage": str(lead_stage(ana, "Contacted").pk)},  # a lead stage is not a deal stage
        {"action": "move", "stage": "9" * 30},
        {"action": "lost", "reason": "abc"},
        {"action": "assign", "owner": "12abc"},
    ):
        response = client.post(reverse("web:deal_bulk"), {"ids": [deal.pk, "x", "9" * 30], **data}, follow=True)
        assert response.status_code == 200, data
        assert any(m.level_tag == "error" for m in response.context["messages"]), data
    fresh = Deal.objects.get(pk=deal.pk)
    assert (fresh.status, fresh.stage_id, fresh.owner_id, fresh.version) == ("open", deal.stage_id, ana.user.pk, 1)
