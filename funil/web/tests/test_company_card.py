from django.urls import reverse

from funil.activities.models import Activity, Kind
from funil.catalog.models import CustomField
from funil.contacts.models import Company, Contact
from funil.contacts.tests.factories import make_company, make_contact
from funil.leads.services import lead_convert
from funil.testing.factories import make_deal, make_lead


def test_the_card_gathers_contacts_deals_leads_and_their_timelines(client, ana):
    company = make_company(ana, name="Padaria Boa", domain="padariaboa.com.br")
    contact = make_contact(ana, first_name="Joana", company=company)
    deal = make_deal(ana, title="Padaria CRM", company=company.pk)
    lead = make_lead(ana, first_name="Carlos", company_name="Padaria Boa")
    lead = lead_convert(actor=ana, lead=lead, expected_version=1, company=company, create_deal=False).lead
    Activity.objects.create(workspace=ana.workspace, contact=contact, kind=Kind.CALL, subject="Called Joana")
    Activity.objects.create(workspace=ana.workspace, deal=deal, kind=Kind.NOTE, subject="Proposal sent")
    Activity.objects.create(workspace=ana.workspace, lead=lead, kind=Kind.NOTE, subject="Met at the fair")
    client.force_login(ana.user)
    response = client.get(reverse("web:company_card", args=[company.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    for text in ("Company created", "Called Joana", "Proposal sent", "Met at the fair", "padariaboa.com.br"):
        assert text in body
    for url in (
        reverse("web:contact_card", args=[contact.pk]),
        reverse("web:deal_card", args=[deal.pk]),
        reverse("web:lead_card", args=[lead.pk]),
    ):
        assert url in body
    assert [str(t) for t, _ in response.context["groups"]] == ["Company", "Address"]


def test_the_lead_and_search_link_to_the_company(client, ana):
    company = make_company(ana, name="Padaria Boa")
    lead = make_lead(ana, first_name="Carlos", company_name="Padaria Boa")
    lead_convert(actor=ana, lead=lead, expected_version=1, company=company, create_deal=False)
    client.force_login(ana.user)
    url = reverse("web:company_card", args=[company.pk])
    assert url in client.get(reverse("web:lead_card", args=[lead.pk])).content.decode()
    assert url in client.get(reverse("web:search") + "?q=padaria", HTTP_HX_REQUEST="true").content.decode()


def test_fields_are_edited_inline_validated_and_refused_when_stale(client, ana):
    CustomField.objects.create(workspace=ana.workspace, entity="company", key="erp", label="ERP", type="text")
    company = make_company(ana, name="Padaria Boa")
    contact = make_contact(ana, company=company)
    client.force_login(ana.user)
    field = lambda name: reverse("web:company_field", args=[company.pk, name])  # noqa: E731
    bad = client.post(field("size"), {"value": "many", "version": 1}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 422 and 'role="alert"' in bad.content.decode()
    empty = client.post(field("name"), {"value": "", "version": 1}, HTTP_HX_REQUEST="true")
    assert empty.status_code == 422
    good = client.post(field("name"), {"value": "Panificadora Boa", "version": 1}, HTTP_HX_REQUEST="true")
    assert good.status_code == 200 and good.headers["HX-Trigger"] == "company-changed"
    client.post(field("size"), {"value": "40", "version": 2})
    client.post(field("custom:erp"), {"value": "SAP", "version": 3})
    stale = client.post(field("industry"), {"value": "Food", "version": 1}, HTTP_HX_REQUEST="true")
    assert "changed this record meanwhile" in stale.content.decode()
    company = Company.objects.get(pk=company.pk)
    assert (company.name, company.size, company.custom_fields, company.industry) == (
        "Panificadora Boa",
        40,
        {"erp": "SAP"},
        "",
    )
    assert "panificadora" in Contact.objects.get(pk=contact.pk).search_text


def test_assigning_the_company(client, ana, bruno):
    company = make_company(ana)
    client.force_login(ana.user)
    response = client.post(
        reverse("web:company_assign", args=[company.pk]),
        {"owner": bruno.user.pk, "version": 1},
        HTTP_HX_REQUEST="true",
    )
    assert response.headers["HX-Trigger"] == "company-changed"
    assert Company.objects.get(pk=company.pk).owner == bruno.user


def test_bruno_sees_only_his_companies_rita_reads_and_carla_sees_nothing(client, ana, bruno, rita, carla):
    anas = make_company(ana)
    his = make_company(ana, owner_id=bruno.user.pk)
    make_contact(ana, first_name="Hidden", company=his)
    make_contact(ana, first_name="Visible", company=his, owner_id=bruno.user.pk)
    client.force_login(bruno.user)
    assert client.get(reverse("web:company_card", args=[anas.pk])).status_code == 404
    page = client.get(reverse("web:company_card", args=[his.pk])).content.decode()
    assert "Visible" in page and "Hidden" not in page
    client.force_login(rita.user)
    page = client.get(reverse("web:company_card", args=[anas.pk]))
    assert page.status_code == 200 and not page.context["can_edit"] and not page.context["can_assign"]
    denied = client.post(reverse("web:company_field", args=[anas.pk, "industry"]), {"value": "x", "version": 1})
    assert denied.status_code == 403
    client.force_login(carla.user)
    for name in ("company_card", "company_timeline"):
        assert client.get(reverse(f"web:{name}", args=[anas.pk])).status_code == 404


def test_the_card_makes_a_fixed_number_of_queries(client, ana, django_assert_max_num_queries):
    company = make_company(ana)
    for i in range(5):
        contact = make_contact(ana, company=company)
        deal = make_deal(ana, company=company.pk, contact=contact.pk)
        for j in range(6):
            Activity.objects.create(workspace=ana.workspace, contact=contact, kind=Kind.NOTE, subject=f"c{i}{j}")
            Activity.objects.create(workspace=ana.workspace, deal=deal, kind=Kind.CALL, subject=f"d{i}{j}")
    client.force_login(ana.user)
    with django_assert_max_num_queries(21):
        assert client.get(reverse("web:company_card", args=[company.pk])).status_code == 200
