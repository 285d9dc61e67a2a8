from django.urls import reverse

from funil.contacts.models import Company
from funil.contacts.tests.factories import make_company, make_contact
from funil.deals.services import deal_mark_won
from funil.testing.factories import make_deal

from .list_walk import rows, walk

URL = "/companies/"


def test_the_company_list_is_at_its_name(client, ana):
    assert reverse("web:company_list") == URL


def test_every_sort_pages_by_keyset_giving_each_company_once_empty_values_last(client, ana):
    for i in range(65):
        make_company(
            ana,
            name=f"{'aBcD'[i % 4]}{i:02d} Ltda",
            size=str(i % 6 * 10) if i % 3 else "",
            industry=["", "Retail", "bakery", "Bakery"][i % 4],
            country=["", "BR", "AR"][i % 3],
        )
    client.force_login(ana.user)
    for sort in ("name", "-name", "size", "-size", "industry", "-industry", "country", "created", "-created"):
        seen = walk(client, URL, sort=sort)
        assert len(seen) == 65 and len(set(seen)) == 65, sort
    sizes = [Company.objects.get(pk=pk).size for pk in walk(client, URL, sort="-size")]
    assert sizes[-1] is None and sizes[0] == 50
    names = [Company.objects.get(pk=pk).name.lower() for pk in walk(client, URL, sort="name")]
    assert names == sorted(names)
    newest = [Company.objects.get(pk=pk).created_at for pk in walk(client, URL)]  # newest first, by default
    assert newest == sorted(newest, reverse=True)


def test_the_list_with_its_counts_makes_a_fixed_number_of_queries(client, ana, django_assert_max_num_queries):
    for _ in range(55):
        company = make_company(ana)
        make_contact(ana, company=company.pk)
    client.force_login(ana.user)
    with django_assert_max_num_queries(15):
        response = client.get(URL)
    assert len(response.context["page"].rows) == 50


def test_counts_of_contacts_and_open_deals_per_company(client, ana):
    company = make_company(ana, name="Padaria")
    make_contact(ana, company=company.pk)
    make_contact(ana, company=company.pk)
    make_deal(ana, company=company.pk)
    deal_mark_won(actor=ana, deal=make_deal(ana, company=company.pk))
    client.force_login(ana.user)
    [row] = client.get(URL).context["page"].rows
    assert (row.n_contacts, row.n_deals) == (2, 1)


def test_filters_by_owner_industry_country_size_and_text(client, ana, bruno):
    padaria = make_company(ana, name="Padaria Boa", industry="Bakery", country="BR", size="12")
    forno = make_company(ana, name="Forno", domain="forno.pt", industry="Retail", size="300", owner_id=bruno.user.pk)
    client.force_login(ana.user)
    assert rows(client, URL, industry="bakery") == [padaria.pk]
    assert rows(client, URL, country="BR") == [padaria.pk]
    assert rows(client, URL, size_min="100") == [forno.pk]
    assert rows(client, URL, size_max="100") == [padaria.pk]
    assert rows(client, URL, owner="me") == [padaria.pk]
    assert rows(client, URL, q="boa") == [padaria.pk]
    assert rows(client, URL, q="someone@forno.pt") == [forno.pk]
    response = client.get(URL, {"size_min": "many"})
    assert response.context["filter"].errors == {"size_min": "not a number"} and len(response.context["page"].rows) == 2


def test_bruno_lists_only_his_companies_and_carla_none(client, ana, bruno, carla):
    make_company(ana)
    his = make_company(ana, owner_id=bruno.user.pk)
    client.force_login(bruno.user)
    assert rows(client, URL) == [his.pk]
    client.force_login(carla.user)
    assert rows(client, URL) == []


def test_bulk_assign_goes_through_the_service_and_only_within_reach(client, ana, bruno, rita, carla):
    companies = [make_company(ana) for _ in range(2)]
    ids = [c.pk for c in companies]
    client.force_login(ana.user)
    client.post(reverse("web:company_bulk"), {"ids": ids, "action": "assign", "owner": bruno.user.pk})
    assert set(Company.objects.filter(pk__in=ids).values_list("owner", flat=True)) == {bruno.user.pk}
    for actor in (bruno, rita, carla):
        client.force_login(actor.user)
        client.post(reverse("web:company_bulk"), {"ids": ids, "action": "assign", "owner": actor.user.pk})
    assert set(Company.objects.filter(pk__in=ids).values_list("owner", flat=True)) == {bruno.user.pk}
    assert all(c.version == 2 for c in Company.objects.filter(pk__in=ids))


def test_export_neutralises_formulas_and_follows_the_export_scope(client, ana, bruno, rita, carla):
    evil = make_company(ana, name="=cmd|' /C calc'!A0", size="40")
    client.force_login(ana.user)
    body = b"".join(
        client.post(reverse("web:company_bulk"), {"ids": [evil.pk], "action": "export"}).streaming_content
    ).decode()
    assert body.startswith("id,name,domain") and "'=cmd|" in body and ",40," in body
    client.force_login(bruno.user)
    body = b"".join(
        client.post(reverse("web:company_bulk"), {"ids": [evil.pk], "action": "export"}).streaming_content
    ).decode()
    assert "cmd" not in body
    client.force_login(carla.user)
    body = b"".join(
        client.post(reverse("web:company_bulk"), {"ids": [evil.pk], "action": "export"}).streaming_content
    ).decode()
    assert "cmd" not in body
    client.force_login(rita.user)
    assert client.post(reverse("web:company_bulk"), {"ids": [evil.pk], "action": "export"}).status_code == 403
