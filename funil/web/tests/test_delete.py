from urllib.parse import urlencode

import pytest
from django.urls import reverse

from funil.activities.models import Kind
from funil.activities.services import activity_log
from funil.contacts.models import Company, Contact
from funil.contacts.tests.factories import make_company, make_contact
from funil.core.models import AuditEntry
from funil.deals.models import Deal
from funil.leads.models import Lead
from funil.leads.services import lead_convert
from funil.testing.factories import make_deal, make_lead


def confirm_url(name, ids, **extra):
    return reverse(f"web:{name}_delete") + "?" + urlencode({"ids": ids, **extra}, doseq=True)


def test_the_confirmation_lists_what_goes_with_counts_and_deletes_nothing(client, ana, django_assert_max_num_queries):
    leads = [make_lead(ana, first_name=f"Joana{i}") for i in range(3)]
    activity_log(actor=ana, target=leads[0], kind=Kind.NOTE, body="Called")
    client.force_login(ana.user)
    with django_assert_max_num_queries(15):
        response = client.get(confirm_url("lead", [x.pk for x in leads]))
    html = response.content.decode()
    assert response.context["title"] == "Delete 3 leads?"
    assert "2 timeline entries" in html and "1 timeline entry" in html and "4 timeline entries" in html
    assert "Joana0" in html and reverse("web:lead_card", args=[leads[0].pk]) in html
    assert 'name="confirmed" value="1"' in html and "Delete 3 leads</button>" in html
    assert Lead.objects.count() == 3


def test_a_post_without_the_confirmation_only_shows_the_page(client, ana):
    lead = make_lead(ana)
    client.force_login(ana.user)
    response = client.post(reverse("web:lead_delete"), {"ids": [lead.pk]})
    assert response.status_code == 200 and Lead.objects.filter(pk=lead.pk).exists()


def test_confirming_deletes_and_goes_back_to_the_list(client, ana):
    lead = make_lead(ana)
    client.force_login(ana.user)
    response = client.post(
        reverse("web:lead_delete"), {"ids": [lead.pk], "confirmed": "1", "next": "/leads/?owner=me"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/leads/?owner=me"
    assert [str(m) for m in response.context["messages"]] == ["1 lead deleted."]
    assert not Lead.objects.filter(pk=lead.pk).exists()
    assert AuditEntry.objects.filter(entity="lead", record_id=lead.pk, actor=ana.user).exists()


def test_deleting_from_the_records_own_page_lands_on_the_list(client, ana):
    deal = make_deal(ana)
    client.force_login(ana.user)
    card = reverse("web:deal_card", args=[deal.pk])
    response = client.post(reverse("web:deal_delete"), {"ids": [deal.pk], "confirmed": "1", "next": card})
    assert response["Location"] == reverse("web:deal_list")


def test_a_converted_lead_is_listed_as_staying_with_the_reason(client, ana):
    lead, other = make_lead(ana, company_name="Padaria"), make_lead(ana)
    lead_convert(actor=ana, lead=lead, expected_version=lead.version)
    client.force_login(ana.user)
    response = client.get(confirm_url("lead", [lead.pk, other.pk]))
    assert response.context["ids"] == [other.pk]
    assert "A converted lead stays" in response.context["refused"][0]["refusal"]
    assert "1 record stays" in response.content.decode()


def test_a_refusal_at_confirmation_time_deletes_nothing_and_says_why(client, ana):
    lead, other = make_lead(ana, company_name="Padaria"), make_lead(ana)
    client.force_login(ana.user)
    lead_convert(actor=ana, lead=lead, expected_version=lead.version)  # converted after the page was shown
    response = client.post(reverse("web:lead_delete"), {"ids": [lead.pk, other.pk], "confirmed": "1"}, follow=True)
    assert Lead.objects.filter(pk__in=[lead.pk, other.pk]).count() == 2
    assert "A converted lead stays" in " ".join(str(m) for m in response.context["messages"])
    assert response.context["ids"] == [other.pk]  # back on the confirmation, which now shows the refusal


@pytest.mark.parametrize("persona", ["bruno", "rita"])
def test_members_without_the_delete_right_see_why_and_get_no_button(client, ana, persona, request):
    actor = request.getfixturevalue(persona)
    lead = make_lead(ana, owner_id=actor.user.pk if persona == "bruno" else None)
    client.force_login(actor.user)
    response = client.get(confirm_url("lead", [lead.pk]))
    assert response.context["ids"] == [] and len(response.context["refused"]) == 1
    assert "btn-danger" not in response.content.decode()
    client.post(reverse("web:lead_delete"), {"ids": [lead.pk], "confirmed": "1"})
    assert Lead.objects.filter(pk=lead.pk).exists()


def test_carlas_ids_of_acme_are_ignored_never_deleted(client, ana, carla):
    lead, deal, contact, company = make_lead(ana), make_deal(ana), make_contact(ana), make_company(ana)
    client.force_login(carla.user)
    for name, record in (("lead", lead), ("deal", deal), ("contact", contact), ("company", company)):
        page = client.get(confirm_url(name, [record.pk]))
        assert page.context["deletable"] == [] and page.context["refused"] == []
        client.post(reverse(f"web:{name}_delete"), {"ids": [record.pk], "confirmed": "1"})
    assert Lead.objects.filter(pk=lead.pk).exists() and Deal.objects.filter(pk=deal.pk).exists()
    assert Contact.objects.filter(pk=contact.pk).exists() and Company.objects.filter(pk=company.pk).exists()


def test_the_lead_lists_bulk_bar_deletes_after_confirmation(client, ana):
    leads = [make_lead(ana) for _ in range(2)]
    client.force_login(ana.user)
    assert 'value="delete"' in client.get(reverse("web:lead_list")).content.decode()
    response = client.post(reverse("web:lead_bulk"), {"ids": [x.pk for x in leads], "action": "delete"})
    assert response["Location"].startswith(reverse("web:lead_delete"))
    page = client.get(response["Location"])
    assert page.context["ids"] == [x.pk for x in leads]
    client.post(reverse("web:lead_delete"), {"ids": page.context["ids"], "confirmed": "1"})
    assert not Lead.objects.filter(pk__in=[x.pk for x in leads]).exists()


def test_a_company_with_deals_stays_and_one_with_contacts_goes_detaching_them(client, ana):
    with_deal, with_contacts = make_company(ana, name="Forno"), make_company(ana, name="Padaria")
    make_deal(ana, company=with_deal.pk)
    contact = make_contact(ana, company=with_contacts.pk)
    client.force_login(ana.user)
    page = client.get(confirm_url("company", [with_deal.pk, with_contacts.pk]))
    html = page.content.decode()
    assert "Forno has 1 deal; move or delete it first." in html
    assert "1 contact stays, without this company" in html
    client.post(reverse("web:company_delete"), {"ids": page.context["ids"], "confirmed": "1"})
    assert list(Company.objects.values_list("name", flat=True)) == ["Forno"]
    assert Contact.objects.get(pk=contact.pk).company_id is None


def test_contacts_and_deals_delete_through_their_lists_too(client, ana):
    contact, deal = make_contact(ana), make_deal(ana)
    client.force_login(ana.user)
    for name, record, model in (("contact", contact, Contact), ("deal", deal, Deal)):
        response = client.post(reverse(f"web:{name}_bulk"), {"ids": [record.pk], "action": "delete"})
        page = client.get(response["Location"])
        assert page.context["ids"] == [record.pk]
        client.post(reverse(f"web:{name}_delete"), {"ids": [record.pk], "confirmed": "1"})
        assert not model.objects.filter(pk=record.pk).exists()


def test_nothing_selected_says_so(client, ana):
    client.force_login(ana.user)
    html = client.get(reverse("web:deal_delete")).content.decode()
    assert "Nothing was selected" in html
    response = client.post(reverse("web:deal_delete"), {"confirmed": "1", "ids": ["x", "-1"]}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Nothing was selected, so nothing was deleted."]


def test_an_outside_next_address_is_not_followed(client, ana):
    lead = make_lead(ana)
    client.force_login(ana.user)
    response = client.post(
        reverse("web:lead_delete"), {"ids": [lead.pk], "confirmed": "1", "next": "https://evil.example.com/"}
    )
    assert response["Location"] == reverse("web:lead_list")
