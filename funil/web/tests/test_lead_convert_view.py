from django.urls import reverse

from funil.contacts.models import Contact
from funil.contacts.services import contact_create
from funil.deals.models import Deal
from funil.leads.models import Lead
from funil.testing.factories import make_lead


def test_the_dialog_proposes_the_matching_contact(client, ana):
    existing = contact_create(actor=ana, data={"first_name": "Joana", "email": "joana@padaria.com.br"})
    lead = make_lead(ana, email="JOANA@padaria.com.br", company_name="Padaria")
    client.force_login(ana.user)
    response = client.get(reverse("web:lead_convert", args=[lead.pk]))
    assert response.context["candidates"].contacts == [existing]


def test_converting_from_the_dialog_and_undoing_it(client, ana):
    lead = make_lead(ana, company_name="Padaria Boa", expected_value="900")
    client.force_login(ana.user)
    stage = Deal._meta.get_field("stage").related_model.objects.get(workspace=ana.workspace, name="Proposal")
    response = client.post(
        reverse("web:lead_convert", args=[lead.pk]),
        {
            "version": 1,
            "contact": "new",
            "company": "new",
            "create_deal": "1",
            "deal_stage": stage.pk,
            "deal_amount": "1200",
            "deal_title": "Padaria Boa — CRM",
        },
    )
    assert response.status_code == 302
    lead = Lead.objects.get(pk=lead.pk)
    assert lead.status == "converted"
    deal = Deal.objects.get(lead=lead)
    assert (deal.title, deal.amount, deal.stage) == ("Padaria Boa — CRM", 1200, stage)
    card = client.get(reverse("web:lead_card", args=[lead.pk])).content.decode()
    assert reverse("web:deal_card", args=[deal.pk]) in card
    deal_page = client.get(reverse("web:deal_card", args=[deal.pk])).content.decode()
    assert "Lead created" in deal_page  # the lead's timeline is visible from the deal
    client.post(reverse("web:lead_convert_undo", args=[lead.pk]))
    assert Lead.objects.get(pk=lead.pk).status == "open"
    assert not Deal.objects.filter(lead=lead).exists() and not Contact.objects.exists()


def test_a_stale_conversion_is_refused_with_the_dialog_kept(client, ana):
    lead = make_lead(ana)
    client.force_login(ana.user)
    response = client.post(reverse("web:lead_convert", args=[lead.pk]), {"version": 9, "contact": "new"})
    assert response.status_code == 422 and "changed this record meanwhile" in response.content.decode()
    assert Lead.objects.get(pk=lead.pk).status == "open"
