"""The shell's navigation: every list is one click away, Settings only for those who may see them."""

from django.urls import reverse

from funil.testing.factories import make_deal, make_lead


def test_the_main_menu_reaches_every_kind_of_record(client, ana):
    client.force_login(ana.user)
    body = client.get(reverse("web:home")).content.decode()
    for name in ("lead_board", "deal_board", "contact_list", "company_list", "my_day", "settings"):
        assert f'href="{reverse(f"web:{name}")}"' in body


def test_settings_are_offered_to_admins_only(client, bruno, rita):
    for member in (bruno, rita):
        client.force_login(member.user)
        assert f'href="{reverse("web:settings")}"' not in client.get(reverse("web:home")).content.decode()


def test_a_card_offers_delete_to_whoever_may_delete_it(client, ana, bruno):
    lead = make_lead(ana, first_name="Rosa", owner_id=bruno.user.pk)
    deal = make_deal(ana, title="Padaria", owner_id=bruno.user.pk)
    client.force_login(ana.user)
    assert (
        f"{reverse('web:lead_delete')}?ids={lead.pk}"
        in client.get(reverse("web:lead_card", args=[lead.pk])).content.decode()
    )
    assert (
        f"{reverse('web:deal_delete')}?ids={deal.pk}"
        in client.get(reverse("web:deal_card", args=[deal.pk])).content.decode()
    )
    client.force_login(bruno.user)  # a salesperson keeps his records but may not delete them
    assert reverse("web:lead_delete") not in client.get(reverse("web:lead_card", args=[lead.pk])).content.decode()
