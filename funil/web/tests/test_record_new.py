"""Creating deals, contacts and companies by hand: the same services, field errors next to the field."""

from django.urls import reverse

from funil.contacts.models import Company, Contact
from funil.deals.models import Deal
from funil.testing.factories import deal_stage


def test_a_deal_is_created_at_the_chosen_stage_and_opens_its_card(client, ana):
    client.force_login(ana.user)
    page = client.get(reverse("web:deal_new"))
    assert page.status_code == 200 and 'name="stage"' in page.content.decode()
    proposal = deal_stage(ana, "Proposal")
    response = client.post(reverse("web:deal_new"), {"title": "Padaria Boa", "amount": "1500", "stage": proposal.pk})
    deal = Deal.objects.get(workspace=ana.workspace, title="Padaria Boa")
    assert response.url == reverse("web:deal_card", args=[deal.pk])
    assert (deal.stage, deal.amount, deal.owner_id) == (proposal, 1500, ana.user.pk)


def test_a_deal_started_from_a_contact_card_belongs_to_that_contact(client, ana, carla):
    from funil.contacts.services import contact_create

    joana = contact_create(actor=ana, data={"first_name": "Joana", "email": "joana@padaria.example.com"})
    outsider = contact_create(actor=carla, data={"first_name": "Pilar"})
    client.force_login(ana.user)
    assert "Joana" in client.get(reverse("web:deal_new"), {"contact": joana.pk}).content.decode()
    client.post(reverse("web:deal_new") + f"?contact={joana.pk}", {"title": "Pão", "contact": joana.pk})
    assert Deal.objects.get(title="Pão").contact == joana
    client.post(reverse("web:deal_new"), {"title": "Ajeno", "contact": outsider.pk})  # another workspace's: ignored
    assert Deal.objects.get(title="Ajeno").contact is None


def test_bad_input_is_shown_next_to_the_field_and_nothing_is_created(client, ana):
    client.force_login(ana.user)
    response = client.post(reverse("web:deal_new"), {"title": "", "amount": "-5"})
    assert response.status_code == 422 and 'class="field-error"' in response.content.decode()
    assert not Deal.objects.filter(workspace=ana.workspace).exists()
    response = client.post(reverse("web:contact_new"), {"email": "not-an-email"})
    assert response.status_code == 422 and not Contact.objects.filter(workspace=ana.workspace).exists()
    response = client.post(reverse("web:company_new"), {"city": "Recife"})
    assert response.status_code == 422 and not Company.objects.filter(workspace=ana.workspace).exists()


def test_contacts_and_companies_are_created_and_owned_by_their_creator(client, bruno):
    client.force_login(bruno.user)
    response = client.post(reverse("web:contact_new"), {"first_name": "Rosa", "phone": "(81) 3333-4444"})
    rosa = Contact.objects.get(first_name="Rosa")
    assert response.url == reverse("web:contact_card", args=[rosa.pk])
    assert (rosa.owner_id, rosa.phone_e164) == (bruno.user.pk, "+558133334444")
    client.post(reverse("web:company_new"), {"name": "Padaria Boa", "domain": "padaria.example.com"})
    assert Company.objects.get(name="Padaria Boa").owner_id == bruno.user.pk


def test_a_read_only_member_cannot_create(client, rita):
    client.force_login(rita.user)
    assert client.get(reverse("web:deal_new")).status_code == 403
    assert client.post(reverse("web:contact_new"), {"first_name": "X"}).status_code == 403
