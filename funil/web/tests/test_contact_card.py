from django.urls import reverse

from funil.activities.models import Activity, Kind
from funil.catalog.models import CustomField
from funil.contacts.models import Contact
from funil.contacts.tests.factories import make_company, make_contact
from funil.testing.factories import make_deal, make_lead


def test_the_card_shows_fields_deals_leads_and_the_leads_timeline(client, ana):
    company = make_company(ana, name="Padaria Boa")
    contact = make_contact(ana, first_name="Joana", company=company, title="Owner")
    lead = make_lead(ana, first_name="Joana", contact=contact.pk)
    Activity.objects.create(workspace=ana.workspace, lead=lead, kind=Kind.CALL, subject="First call")
    deal = make_deal(ana, title="Padaria CRM", contact=contact.pk)
    client.force_login(ana.user)
    response = client.get(reverse("web:contact_card", args=[contact.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "First call" in body and "Contact created" in body and "on a lead" in body
    for url in (
        reverse("web:company_card", args=[company.pk]),
        reverse("web:deal_card", args=[deal.pk]),
        reverse("web:lead_card", args=[lead.pk]),
    ):
        assert url in body
    assert [str(t) for t, _ in response.context["groups"]] == ["Person", "Channels", "Address"]


def test_fields_are_edited_inline_validated_and_refused_when_stale(client, ana):
    contact = make_contact(ana)
    client.force_login(ana.user)
    url = reverse("web:contact_field", args=[contact.pk, "email"])
    assert 'name="value"' in client.get(url, HTTP_HX_REQUEST="true").content.decode()
    bad = client.post(url, {"value": "not-an-email", "version": 1}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 422 and 'role="alert"' in bad.content.decode()
    good = client.post(url, {"value": "Joana@Padaria.com.br", "version": 1}, HTTP_HX_REQUEST="true")
    assert good.status_code == 200 and good.headers["HX-Trigger"] == "contact-changed"
    assert Contact.objects.get(pk=contact.pk).email_normalized == "joana@padaria.com.br"
    stale = client.post(url, {"value": "x@y.com", "version": 1}, HTTP_HX_REQUEST="true")
    assert stale.status_code == 422 and "changed this record meanwhile" in stale.content.decode()
    without_js = client.post(url, {"value": "nope", "version": 2})
    assert without_js.status_code == 200 and 'role="alert"' in without_js.content.decode()


def test_company_lifecycle_and_custom_fields_are_editable(client, ana):
    CustomField.objects.create(
        workspace=ana.workspace, entity="contact", key="tier", label="Tier", type="choice", choices=["A", "B"]
    )
    company = make_company(ana, name="Padaria Boa")
    contact = make_contact(ana)
    client.force_login(ana.user)
    field = lambda name: reverse("web:contact_field", args=[contact.pk, name])  # noqa: E731
    linked = client.post(field("company"), {"value": company.pk, "version": 1}, HTTP_HX_REQUEST="true")
    assert reverse("web:company_card", args=[company.pk]) in linked.content.decode()
    client.post(field("lifecycle"), {"value": "customer", "version": 2})
    client.post(field("custom:tier"), {"value": "B", "version": 3})
    bad = client.post(field("custom:tier"), {"value": "Z", "version": 4}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 422
    contact = Contact.objects.get(pk=contact.pk)
    assert (contact.company, contact.lifecycle, contact.custom_fields) == (company, "customer", {"tier": "B"})


def test_assigning_the_contact(client, ana, bruno):
    contact = make_contact(ana)
    client.force_login(ana.user)
    client.post(reverse("web:contact_assign", args=[contact.pk]), {"owner": bruno.user.pk, "version": 1})
    assert Contact.objects.get(pk=contact.pk).owner == bruno.user
    assert "Bruno Lima" in client.get(reverse("web:contact_card", args=[contact.pk]) + "?part=header").content.decode()


def test_bruno_sees_only_his_contacts_and_only_his_deals_on_them(client, ana, bruno, rita, carla):
    anas = make_contact(ana)
    his = make_contact(ana, owner_id=bruno.user.pk)
    make_deal(ana, title="Ana's deal", contact=his.pk)
    make_deal(ana, title="Bruno's deal", contact=his.pk, owner_id=bruno.user.pk)
    client.force_login(bruno.user)
    assert client.get(reverse("web:contact_card", args=[anas.pk])).status_code == 404
    page = client.get(reverse("web:contact_card", args=[his.pk])).content.decode()
    assert "Bruno&#x27;s deal" in page and "Ana&#x27;s deal" not in page
    client.force_login(rita.user)
    page = client.get(reverse("web:contact_card", args=[anas.pk]))
    assert page.status_code == 200 and not page.context["can_edit"] and "Log an activity" not in page.content.decode()
    denied = client.post(reverse("web:contact_field", args=[anas.pk, "city"]), {"value": "Natal", "version": 1})
    assert denied.status_code == 403 and Contact.objects.get(pk=anas.pk).city != "Natal"
    client.force_login(carla.user)
    assert client.get(reverse("web:contact_card", args=[anas.pk])).status_code == 404
    assert client.get(reverse("web:contact_field", args=[anas.pk, "city"])).status_code == 404


def test_the_card_makes_a_fixed_number_of_queries(client, ana, django_assert_max_num_queries):
    contact = make_contact(ana, company=make_company(ana))
    for i in range(5):
        lead = make_lead(ana, contact=contact.pk)
        make_deal(ana, contact=contact.pk)
        for j in range(8):
            Activity.objects.create(workspace=ana.workspace, lead=lead, kind=Kind.NOTE, subject=f"n{i}{j}")
    client.force_login(ana.user)
    with django_assert_max_num_queries(18):
        assert client.get(reverse("web:contact_card", args=[contact.pk])).status_code == 200
