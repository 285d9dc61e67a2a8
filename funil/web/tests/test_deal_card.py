from decimal import Decimal

from django.urls import reverse

from funil.activities.models import Activity, Kind
from funil.catalog.models import Campaign, CustomField, Product
from funil.contacts.tests.factories import make_company, make_contact
from funil.deals.models import Deal
from funil.testing.factories import deal_stage, make_deal, make_lead, reason


def test_the_card_shows_status_stages_facts_links_and_the_leads_timeline(client, ana):
    company = make_company(ana, name="Padaria Boa")
    contact = make_contact(ana, first_name="Joana", company=company)
    lead = make_lead(ana, first_name="Joana")
    Activity.objects.create(workspace=ana.workspace, lead=lead, kind=Kind.NOTE, subject="Met at the fair")
    deal = make_deal(ana, title="Padaria CRM", amount="1200", contact=contact.pk, company=company.pk, lead=lead.pk)
    client.force_login(ana.user)
    response = client.get(reverse("web:deal_card", args=[deal.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Padaria CRM" in body and 'data-testid="status"' in body
    assert "Met at the fair" in body and "Deal created" in body
    for url in (
        reverse("web:company_card", args=[company.pk]),
        reverse("web:contact_card", args=[contact.pk]),
        reverse("web:lead_card", args=[lead.pk]),
    ):
        assert url in body
    assert body.count(f'action="{reverse("web:deal_move", args=[deal.pk])}"') >= 5  # stage path + won + lost
    titles = [str(title) for title, _ in response.context["groups"]]
    assert titles == ["Deal", "Who and where from"]


def test_the_header_followups_and_lines_are_fragments_htmx_refreshes(client, ana):
    deal = make_deal(ana, title="Padaria CRM")
    client.force_login(ana.user)
    url = reverse("web:deal_card", args=[deal.pk])
    header = client.get(url + "?part=header").content.decode()
    assert header.lstrip().startswith("<header") and "Padaria CRM" in header
    assert client.get(url + "?part=followups").content.decode().lstrip().startswith("<section")
    assert 'id="deal-lines"' in client.get(url + "?part=lines").content.decode()


def test_the_amount_is_edited_inline_and_validated(client, ana):
    deal = make_deal(ana, amount="1000")
    client.force_login(ana.user)
    url = reverse("web:deal_field", args=[deal.pk, "amount"])
    form = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'name="value"' in form and 'value="1000.00"' in form
    bad = client.post(url, {"value": "lots", "version": 1}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 422 and 'role="alert"' in bad.content.decode()
    good = client.post(url, {"value": "2500.50", "version": 1}, HTTP_HX_REQUEST="true")
    assert good.status_code == 200 and good.headers["HX-Trigger"] == "deal-changed"
    assert Deal.objects.get(pk=deal.pk).amount == Decimal("2500.50")
    assert Activity.objects.filter(deal=deal, kind=Kind.FIELD_CHANGE).count() == 1


def test_an_edit_from_a_stale_form_shows_the_conflict_and_the_new_version(client, ana):
    deal = make_deal(ana, title="First")
    client.force_login(ana.user)
    url = reverse("web:deal_field", args=[deal.pk, "title"])
    client.post(url, {"value": "Second", "version": 1})
    stale = client.post(url, {"value": "Third", "version": 1}, HTTP_HX_REQUEST="true")
    assert stale.status_code == 422
    assert "changed this record meanwhile" in stale.content.decode() and stale.context["version"] == 2
    assert Deal.objects.get(pk=deal.pk).title == "Second"


def test_dates_references_campaigns_and_custom_fields_are_editable(client, ana):
    CustomField.objects.create(workspace=ana.workspace, entity="deal", key="segment", label="Segment", type="text")
    campaign = Campaign.objects.create(workspace=ana.workspace, name="Black Friday", currency="BRL")
    company = make_company(ana, name="Padaria Boa")
    make_company(ana, name="Mercado Sol")
    deal = make_deal(ana)
    client.force_login(ana.user)
    field = lambda name: reverse("web:deal_field", args=[deal.pk, name])  # noqa: E731
    narrowed = client.get(field("company") + "?part=choices&q=padaria").content.decode()
    assert "Padaria Boa" in narrowed and "Mercado Sol" not in narrowed
    client.post(field("expected_close_date"), {"value": "2026-12-31", "version": 1})
    client.post(field("company"), {"value": company.pk, "version": 2})
    client.post(field("campaign"), {"value": campaign.pk, "version": 3})
    saved = client.post(field("custom:segment"), {"value": "SMB", "version": 4}, HTTP_HX_REQUEST="true")
    assert saved.status_code == 200
    deal = Deal.objects.get(pk=deal.pk)
    assert (str(deal.expected_close_date), deal.company, deal.campaign) == ("2026-12-31", company, campaign)
    assert deal.custom_fields == {"segment": "SMB"}
    page = client.get(reverse("web:deal_card", args=[deal.pk])).content.decode()
    assert reverse("web:company_card", args=[company.pk]) in page and "Black Friday" in page
    assert 'value="2026-12-31"' in client.get(field("expected_close_date")).content.decode()
    assert client.get(field("stage")).status_code == 404  # moved by the stage path, not edited


def test_entering_won_asks_the_amount_and_lost_the_reason_then_returns_to_the_card(client, ana):
    deal = make_deal(ana, amount="0")
    client.force_login(ana.user)
    card = reverse("web:deal_card", args=[deal.pk])
    url = reverse("web:deal_move", args=[deal.pk])
    asked = client.post(url, {"stage": deal_stage(ana, "Won").pk, "version": 1, "next": card}, HTTP_HX_REQUEST="true")
    assert asked.headers["HX-Retarget"] == "#dialog" and 'name="won_amount"' in asked.content.decode()
    done = client.post(
        url,
        {"stage": deal_stage(ana, "Won").pk, "version": 1, "next": card, "won_amount": "900"},
        HTTP_HX_REQUEST="true",
    )
    assert done.headers["HX-Location"] == card
    assert (Deal.objects.get(pk=deal.pk).status, Deal.objects.get(pk=deal.pk).amount) == ("won", 900)
    other = make_deal(ana)
    client.post(
        reverse("web:deal_move", args=[other.pk]),
        {"stage": deal_stage(ana, "Lost").pk, "version": 1, "lost_reason": reason(ana, "lost").pk},
    )
    assert "Lost" in client.get(reverse("web:deal_card", args=[other.pk])).content.decode()


def test_product_lines_are_added_and_removed_and_the_amount_follows(client, ana):
    crm = Product.objects.create(workspace=ana.workspace, name="CRM", price="100.00", currency="BRL")
    deal = make_deal(ana, amount="10")
    client.force_login(ana.user)
    url = reverse("web:deal_lines", args=[deal.pk])
    added = client.post(url, {"version": 1, "product": crm.pk, "quantity": "2"}, HTTP_HX_REQUEST="true")
    assert added.status_code == 200 and added.headers["HX-Trigger"] == "deal-changed"
    deal = Deal.objects.get(pk=deal.pk)
    assert deal.amount == Decimal("200.00") and deal.lines.count() == 1
    bad = client.post(url, {"version": 2, "product": "", "quantity": "2"}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 422 and 'role="alert"' in bad.content.decode()
    stale = client.post(url, {"version": 1, "product": crm.pk}, HTTP_HX_REQUEST="true")
    assert "changed this record meanwhile" in stale.content.decode()
    line = deal.lines.get()
    client.post(url, {"version": 2, "remove": line.pk})
    assert not Deal.objects.get(pk=deal.pk).lines.exists()


def test_assigning_the_deal_from_its_card(client, ana, bruno):
    deal = make_deal(ana)
    client.force_login(ana.user)
    response = client.post(
        reverse("web:deal_assign", args=[deal.pk]), {"owner": bruno.user.pk, "version": 1}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 204 and response.headers["HX-Trigger"] == "deal-changed"
    assert Deal.objects.get(pk=deal.pk).owner == bruno.user
    refused = client.post(reverse("web:deal_assign", args=[deal.pk]), {"owner": bruno.user.pk, "version": 1})
    assert refused.status_code == 302  # stale: back to the card with the message
    client.force_login(bruno.user)
    forbidden = client.post(reverse("web:deal_assign", args=[deal.pk]), {"owner": ana.user.pk, "version": 2})
    assert forbidden.status_code == 302 and Deal.objects.get(pk=deal.pk).owner == bruno.user


def test_bruno_sees_only_his_deals_rita_only_reads_and_carla_sees_nothing(client, ana, bruno, rita, carla):
    anas = make_deal(ana)
    his = make_deal(ana, owner_id=bruno.user.pk)
    client.force_login(bruno.user)
    assert client.get(reverse("web:deal_card", args=[anas.pk])).status_code == 404
    assert client.post(reverse("web:deal_field", args=[anas.pk, "title"]), {"value": "x"}).status_code == 404
    page = client.get(reverse("web:deal_card", args=[his.pk]))
    assert page.status_code == 200 and page.context["can_edit"] and not page.context["can_assign"]
    client.force_login(rita.user)
    page = client.get(reverse("web:deal_card", args=[anas.pk]))
    assert page.status_code == 200 and not page.context["can_edit"]
    assert reverse("web:deal_field", args=[anas.pk, "title"]) not in page.content.decode()
    denied = client.post(reverse("web:deal_field", args=[anas.pk, "title"]), {"value": "Mine", "version": 1})
    assert denied.status_code == 403 and Deal.objects.get(pk=anas.pk).title != "Mine"
    client.force_login(carla.user)
    for name in ("deal_card", "deal_timeline"):
        assert client.get(reverse(f"web:{name}", args=[anas.pk])).status_code == 404
    assert client.post(reverse("web:deal_lines", args=[anas.pk]), {"version": 1}).status_code == 404


def test_the_card_makes_a_fixed_number_of_queries(client, ana, django_assert_max_num_queries):
    crm = Product.objects.create(workspace=ana.workspace, name="CRM", price="100.00", currency="BRL")
    lead = make_lead(ana)
    deal = make_deal(ana, lead=lead.pk, contact=make_contact(ana).pk, company=make_company(ana).pk)
    deal.lines.create(workspace=ana.workspace, product=crm, quantity=1, unit_price=1)
    deal.lines.create(workspace=ana.workspace, product=crm, quantity=2, unit_price=1)
    for i in range(40):
        Activity.objects.create(workspace=ana.workspace, deal=deal, kind=Kind.NOTE, subject=f"n{i}")
        Activity.objects.create(workspace=ana.workspace, lead=lead, kind=Kind.CALL, subject=f"c{i}")
    client.force_login(ana.user)
    with django_assert_max_num_queries(18):
        assert client.get(reverse("web:deal_card", args=[deal.pk])).status_code == 200


def test_after_a_line_change_the_amount_field_is_swapped_in_beside_the_lines(client, ana):
    crm = Product.objects.create(workspace=ana.workspace, name="CRM", price="100.00", currency="BRL")
    deal = make_deal(ana, amount="10")
    client.force_login(ana.user)
    added = client.post(
        reverse("web:deal_lines", args=[deal.pk]),
        {"version": 1, "product": crm.pk, "quantity": "3"},
        HTTP_HX_REQUEST="true",
    )
    assert 'hx-swap-oob="innerHTML:#field-amount"' in added.content.decode() and "300.00" in added.content.decode()
