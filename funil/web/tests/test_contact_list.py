import pytest
from django.urls import reverse
from django.utils import timezone

from funil.contacts.models import Contact
from funil.contacts.tests.factories import make_company, make_contact

from .list_walk import rows, walk

URL = "/contacts/"


def test_the_contact_list_is_at_its_name(client, ana):
    assert reverse("web:contact_list") == URL


def test_every_sort_pages_by_keyset_giving_each_contact_once_empty_values_last(client, ana):
    for i in range(70):
        make_contact(
            ana,
            first_name=["", "ana", "Ana", "bruno", "Élio", "zeca", "Zé"][i % 7],
            last_name=f"L{i}",
            email=f"c{i}@example.com" if i % 5 else "",
            phone="" if i % 5 else f"+55119{i:08d}",
            country=["", "BR", "PT", "ES"][i % 4],
        )
    client.force_login(ana.user)
    for sort in ("-created", "created", "name", "-name", "email", "-email", "country", "-country", "city"):
        seen = walk(client, URL, sort=sort)
        assert len(seen) == 70 and len(set(seen)) == 70, sort
    for sort in ("name", "-name"):
        names = [Contact.objects.get(pk=pk).first_name for pk in walk(client, URL, sort=sort)]
        assert names[-10:] == [""] * 10, sort  # empty names last in both directions
        assert [n.lower() for n in names[:20]] == ["ana"] * 20 if sort == "name" else True


def test_the_list_makes_a_fixed_number_of_queries(client, ana, django_assert_max_num_queries):
    company = make_company(ana)
    for _ in range(60):
        make_contact(ana, company=company.pk)
    client.force_login(ana.user)
    with django_assert_max_num_queries(15):
        response = client.get(URL, {"col": ["name", "company", "email", "owner", "lifecycle"]})
    assert len(response.context["page"].rows) == 50


def test_filters_by_owner_company_lifecycle_country_created_and_text(client, ana, bruno):
    padaria = make_company(ana, name="Padaria Boa")
    joana = make_contact(ana, first_name="Joana", company=padaria.pk, country="BR", lifecycle="customer")
    pedro = make_contact(ana, first_name="Pedro", owner_id=bruno.user.pk, country="PT", email="pedro@forno.pt")
    client.force_login(ana.user)
    assert rows(client, URL, company=str(padaria.pk)) == [joana.pk]
    assert rows(client, URL, lifecycle="customer") == [joana.pk]
    assert rows(client, URL, country="pt") == [pedro.pk]
    assert rows(client, URL, owner="me") == [joana.pk]
    assert rows(client, URL, owner="team") == [pedro.pk, joana.pk]
    assert rows(client, URL, q="padaria") == [joana.pk]
    assert rows(client, URL, q="pedro@forno.pt") == [pedro.pk]
    assert rows(client, URL, q="forno") == [pedro.pk]
    today = timezone.localdate(joana.created_at).isoformat()
    assert len(rows(client, URL, created_from=today, created_to=today)) == 2
    assert rows(client, URL, created_to="2000-01-01") == []
    response = client.get(URL, {"country": "Brazil", "lifecycle": "vip", "company": "one"})
    assert set(response.context["filter"].errors) == {"country", "lifecycle", "company"}


def test_bruno_lists_only_his_contacts_and_carla_none(client, ana, bruno, carla):
    make_contact(ana)
    his = make_contact(ana, owner_id=bruno.user.pk)
    client.force_login(bruno.user)
    assert rows(client, URL) == [his.pk]
    client.force_login(carla.user)
    assert rows(client, URL) == []


def test_bulk_assign_goes_through_the_service_and_only_within_reach(client, ana, bruno, rita, carla):
    contacts = [make_contact(ana) for _ in range(2)]
    ids = [c.pk for c in contacts]
    client.force_login(ana.user)
    response = client.post(reverse("web:contact_bulk"), {"ids": ids, "action": "assign", "owner": bruno.user.pk})
    assert response.status_code == 302
    assert set(Contact.objects.filter(pk__in=ids).values_list("owner", flat=True)) == {bruno.user.pk}
    for actor in (bruno, rita, carla):
        client.force_login(actor.user)
        client.post(reverse("web:contact_bulk"), {"ids": ids, "action": "assign", "owner": actor.user.pk})
    assert set(Contact.objects.filter(pk__in=ids).values_list("owner", flat=True)) == {bruno.user.pk}


def test_export_neutralises_formulas_and_follows_the_export_scope(client, ana, bruno, rita):
    evil = make_contact(ana, first_name="@SUM(A1)", last_name="-2+3", phone="+55 11 3456-7890")
    his = make_contact(ana, first_name="Pedro", owner_id=bruno.user.pk)
    client.force_login(ana.user)
    body = b"".join(
        client.post(reverse("web:contact_bulk"), {"ids": [evil.pk, his.pk], "action": "export"}).streaming_content
    ).decode()
    assert body.startswith("id,first_name,last_name")
    assert "'@SUM(A1),'-2+3" in body and "'+55 11 3456-7890" in body and "Pedro" in body
    client.force_login(bruno.user)
    body = b"".join(
        client.post(reverse("web:contact_bulk"), {"ids": [evil.pk, his.pk], "action": "export"}).streaming_content
    ).decode()
    assert "Pedro" in body and "SUM" not in body
    client.force_login(rita.user)
    assert client.post(reverse("web:contact_bulk"), {"ids": [evil.pk], "action": "export"}).status_code == 403


@pytest.mark.parametrize("action", ["move", "junk", ""])
def test_actions_a_contact_does_not_have_are_refused(client, ana, action):
    contact = make_contact(ana)
    client.force_login(ana.user)
    response = client.post(reverse("web:contact_bulk"), {"ids": [contact.pk], "action": action}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Pick an action."]


def test_rows_link_to_the_contact_and_company_pages(client, ana):
    company = make_company(ana)
    contact = make_contact(ana, company=company.pk)
    client.force_login(ana.user)
    html = client.get(URL).content.decode()
    assert reverse("web:contact_card", args=[contact.pk]) in html
    assert reverse("web:company_card", args=[company.pk]) in html
