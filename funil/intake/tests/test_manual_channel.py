"""The New lead page goes through lead_capture: a known person is not entered twice, and the card says why."""

from django.urls import reverse

from funil.deals.models import Deal
from funil.intake.models import DuplicateFlag
from funil.leads.models import Lead
from funil.testing.factories import make_lead

NEW = "web:lead_new"


def test_a_new_person_becomes_a_lead_and_opens_its_card(client, ana):
    client.force_login(ana.user)
    response = client.post(reverse(NEW), {"first_name": "Zoë", "last_name": "שלום 🎉", "country": "Brasil"})
    lead = Lead.objects.get(workspace=ana.workspace)
    assert response.url == reverse("web:lead_card", args=[lead.pk])
    assert (lead.last_name, lead.country, lead.owner_id) == ("שלום 🎉", "BR", ana.user.pk)
    page = client.get(response.url).content.decode()
    assert "שלום 🎉" in page and "Already known" not in page


def test_a_known_person_is_attached_and_the_card_says_why(client, ana):
    maria = make_lead(ana, first_name="Maria", last_name="Lima", email="maria@example.com")
    client.force_login(ana.user)
    response = client.post(reverse(NEW), {"first_name": "Maria", "email": "MARIA@example.com"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("web:lead_card", args=[maria.pk])
    assert "Already known (same email: Maria Lima)" in response.content.decode()
    assert Lead.objects.filter(workspace=ana.workspace).count() == 1


def test_with_the_flag_policy_the_new_card_names_the_possible_duplicate(client, ana):
    ana.workspace.intake_policy = "flag"
    ana.workspace.save()
    make_lead(ana, first_name="Maria", last_name="Lima", email="maria@example.com")
    client.force_login(ana.user)
    response = client.post(reverse(NEW), {"first_name": "Maria", "email": "maria@example.com"}, follow=True)
    new = Lead.objects.filter(workspace=ana.workspace).latest("pk")
    assert response.redirect_chain[-1][0] == reverse("web:lead_card", args=[new.pk])
    assert "flagged as a possible duplicate (same email: Maria Lima)" in response.content.decode()
    assert DuplicateFlag.objects.filter(lead=new).count() == 1


def test_a_double_submitted_form_enters_the_lead_once(client, ana):
    client.force_login(ana.user)
    first = client.post(reverse(NEW), {"first_name": "Rui", "phone": "(81) 3333-4444"})
    again = client.post(reverse(NEW), {"first_name": "Rui", "phone": "(81) 3333-4444"}, follow=True)
    assert again.redirect_chain[-1][0] == first.url
    assert "nothing new was created" in again.content.decode()
    assert Lead.objects.filter(workspace=ana.workspace).count() == 1


def test_bad_input_is_shown_next_to_each_field_and_nothing_is_created(client, ana):
    client.force_login(ana.user)
    response = client.post(reverse(NEW), {"first_name": "A", "email": "nope", "country": "Atlantis"})
    page = response.content.decode()
    assert response.status_code == 422 and page.count('class="field-error"') == 2
    assert not Lead.objects.exists()


def test_simple_mode_opens_the_new_deal(client, ana):
    ana.workspace.crm_mode = "simple"
    ana.workspace.save()
    client.force_login(ana.user)
    response = client.post(reverse(NEW), {"first_name": "Lia", "company_name": "Mota"})
    deal = Deal.objects.get(workspace=ana.workspace)
    assert response.url == reverse("web:deal_card", args=[deal.pk]) and deal.contact.first_name == "Lia"


def test_a_read_only_member_is_refused(client, rita):
    client.force_login(rita.user)
    assert client.post(reverse(NEW), {"first_name": "X"}).status_code == 403
    assert not Lead.objects.exists()


def test_carla_enters_into_her_own_workspace_only(client, ana, carla):
    make_lead(ana, first_name="Maria", email="maria@example.com")
    client.force_login(carla.user)
    response = client.post(reverse(NEW), {"first_name": "Maria", "email": "maria@example.com"}, follow=True)
    assert Lead.objects.get(workspace=carla.workspace).first_name == "Maria"
    assert "Already known" not in response.content.decode()
