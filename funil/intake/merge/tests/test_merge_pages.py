"""The lead card's duplicates panel, the merge page and undo, in the browser's terms (HTML and htmx)."""

import pytest
from django.urls import reverse

from funil.activities.models import Activity, Kind
from funil.contacts.services import contact_create
from funil.intake.merge.models import MergeRecord
from funil.intake.models import DuplicateFlag
from funil.leads.models import Lead
from funil.leads.services import lead_update
from funil.testing.factories import make_lead

from .helpers import flag


def panel(client, lead, **extra):
    return client.get(reverse("web:lead_duplicates", args=[lead.pk]), **extra)


def test_the_card_loads_the_panel_which_shows_reasons_and_confidence(client, ana, django_assert_max_num_queries):
    lead = make_lead(ana, first_name="Joana")
    other = make_lead(ana, first_name="Joana", last_name="Prado")
    flag(other, lead, "same phone", 0.91)
    contact = contact_create(actor=ana, data={"first_name": "Joana", "email": "joana@padaria.com.br"})
    DuplicateFlag.objects.create(
        workspace=ana.workspace, lead=lead, other_contact=contact, reason="email", label="same email", confidence=1
    )
    client.force_login(ana.user)
    card = client.get(reverse("web:lead_card", args=[lead.pk])).content.decode()
    assert f'hx-get="{reverse("web:lead_duplicates", args=[lead.pk])}"' in card and 'hx-trigger="load"' in card
    with django_assert_max_num_queries(20):
        response = panel(client, lead, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Possible duplicates" in body and "<html" not in body
    assert "Joana Prado" in body and "same phone" in body and "91%" in body
    assert "same email" in body and reverse("web:contact_card", args=[contact.pk]) in body
    assert f"{reverse('web:lead_merge')}?ids={lead.pk}&amp;ids={other.pk}" in body
    assert "<html" in panel(client, lead).content.decode()  # without htmx: a page of its own


def test_the_panel_shows_only_what_the_member_may_see(client, ana, bruno, carla):
    mine = make_lead(bruno)
    flag(mine, make_lead(ana, first_name="Secreta"))
    client.force_login(bruno.user)
    body = panel(client, mine, HTTP_HX_REQUEST="true").content.decode()
    assert "Secreta" not in body and "Possible duplicates" not in body
    client.force_login(carla.user)
    assert panel(client, mine).status_code == 404


def test_not_a_duplicate_resolves_the_flag_and_the_match_stays_away(client, ana):
    lead, other = make_lead(ana), make_lead(ana, first_name="Outra")
    open_flag = flag(other, lead)
    client.force_login(ana.user)
    response = client.post(reverse("web:duplicates_dismiss"), {"ids": [lead.pk, other.pk]}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response.content == b""
    open_flag.refresh_from_db()
    assert open_flag.resolved_at is not None
    assert "Outra" not in panel(client, lead, HTTP_HX_REQUEST="true").content.decode()


def test_merging_on_the_page_keeps_the_chosen_values_and_offers_undo(client, ana):
    first = make_lead(ana, first_name="Joana", email="joana@padaria.com.br", phone="(81) 3333-4444")
    second = make_lead(ana, first_name="Joana", email="joana@padaria.com.br", phone="(81) 99999-8888")
    client.force_login(ana.user)
    url = f"{reverse('web:lead_merge')}?ids={first.pk}&ids={second.pk}"
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert f'name="choose:phone" value="{second.pk}"' in body and "(81) 99999-8888" in body
    assert 'name="choose:email"' not in body  # the same value in both: nothing to choose
    response = client.post(
        reverse("web:lead_merge"),
        {
            "ids": [first.pk, second.pk],
            "survivor": first.pk,
            f"version_{first.pk}": 1,
            f"version_{second.pk}": 1,
            "choose:phone": second.pk,
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("web:lead_card", args=[first.pk])
    assert "Merged 1 lead into" in response.content.decode()
    assert Lead.objects.get(pk=first.pk).phone_e164 == "+5581999998888"
    record = MergeRecord.objects.get()
    body = panel(client, first, HTTP_HX_REQUEST="true").content.decode()
    assert reverse("web:merge_undo", args=[record.pk]) in body and "Undo merge" in body
    undone = client.post(reverse("web:merge_undo", args=[record.pk]), follow=True)
    assert "The merge was undone" in undone.content.decode()
    assert Lead.objects.filter(pk=second.pk).exists()
    assert Lead.objects.get(pk=first.pk).phone_e164 == "+558133334444"


def test_the_survivor_can_be_switched_and_a_stale_page_is_refused(client, ana):
    first, second = make_lead(ana, city="Recife"), make_lead(ana, city="Natal")
    client.force_login(ana.user)
    url = reverse("web:lead_merge")
    switched = client.get(url, {"ids": [first.pk, second.pk], "survivor": second.pk}, HTTP_HX_REQUEST="true")
    assert "<html" not in switched.content.decode()
    assert switched.context["survivor"].pk == second.pk
    assert f'name="choose:city" value="{second.pk}" aria-label="City: Natal" checked' in switched.content.decode()
    lead_update(actor=ana, lead=first, expected_version=1, changes={"city": "Olinda"})
    stale = client.post(
        url, {"ids": [first.pk, second.pk], "survivor": first.pk, f"version_{first.pk}": 1, f"version_{second.pk}": 1}
    )
    assert stale.status_code == 422 and "changed this record meanwhile" in stale.content.decode()
    assert "Olinda" in stale.content.decode()  # the page shows today's values
    assert not MergeRecord.objects.exists()


def test_the_merge_page_needs_two_leads_the_member_may_change(client, ana, bruno, rita):
    anas, brunos = make_lead(ana), make_lead(bruno)
    client.force_login(bruno.user)
    assert client.get(reverse("web:lead_merge"), {"ids": [brunos.pk, anas.pk]}).status_code == 404
    client.force_login(rita.user)
    assert client.get(reverse("web:lead_merge"), {"ids": [brunos.pk, anas.pk]}).status_code == 404
    client.force_login(ana.user)
    alone = client.get(reverse("web:lead_merge"), {"ids": [anas.pk]})
    assert alone.status_code == 302 and alone["Location"] == reverse("web:merge_report")


@pytest.mark.parametrize("who", ["bruno", "rita"])
def test_a_merge_may_be_undone_only_by_an_admin_or_its_author(client, ana, bruno, rita, who):
    first, second = make_lead(ana, owner_id=bruno.user.pk), make_lead(ana, owner_id=bruno.user.pk)
    from funil.intake.merge.services import lead_merge

    record = lead_merge(
        actor=ana, survivor=first, others=[second], choices={}, expected_versions={first.pk: 1, second.pk: 1}
    )
    client.force_login({"bruno": bruno, "rita": rita}[who].user)
    response = client.post(reverse("web:merge_undo", args=[record.pk]), follow=True)
    assert response.status_code == 200
    assert MergeRecord.objects.get().undone_at is None
    assert not Activity.objects.filter(kind=Kind.MERGE, subject__startswith="Merge undone").exists()


def test_not_a_duplicate_of_a_contact_keeps_it_off_the_panel(client, ana):
    lead = make_lead(ana, email="joana@padaria.com.br")
    contact = contact_create(actor=ana, data={"first_name": "Joana", "email": "joana@padaria.com.br"})
    DuplicateFlag.objects.create(
        workspace=ana.workspace, lead=lead, other_contact=contact, reason="email", label="same email", confidence=1
    )
    client.force_login(ana.user)
    card_url = reverse("web:contact_card", args=[contact.pk])
    assert card_url in panel(client, lead, HTTP_HX_REQUEST="true").content.decode()
    client.post(reverse("web:duplicates_dismiss"), {"ids": [lead.pk], "contact": contact.pk}, HTTP_HX_REQUEST="true")
    assert DuplicateFlag.objects.get().resolved_at is not None
    assert card_url not in panel(client, lead, HTTP_HX_REQUEST="true").content.decode()  # matching finds it, still off
