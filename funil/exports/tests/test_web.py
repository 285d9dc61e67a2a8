"""GET /leads/export/ (and deals, contacts, companies): the list's own filter, the member's export scope, a dated
attachment streamed as it is written, 400 for a format we do not write, 403 for a role that exports nothing."""

import re

import pytest
from django.urls import reverse

from funil.contacts.services import company_create, contact_create
from funil.core.models import AuditEntry
from funil.testing.factories import make_deal, make_lead

from .files import csv_records, joined, xlsx_records

pytestmark = pytest.mark.urls("funil.exports.tests.urls")

KINDS = ["leads", "deals", "contacts", "companies"]


def get(client, kind, **params):
    return client.get(reverse(f"web:{kind}_export"), params)


def rows(response):
    assert response.status_code == 200, response.content
    return csv_records(joined(response.streaming_content))


@pytest.fixture
def acme_records(ana, bruno):
    make_lead(ana, first_name="Maria", last_name="Conceição", company_name="Açaí Ltda")
    make_lead(ana, first_name="Pedro", owner_id=bruno.user.pk)
    make_deal(ana, title="Açaí export")
    make_deal(ana, title="Pedro deal", owner_id=bruno.user.pk)
    company_create(actor=ana, data={"name": "Açaí Ltda", "industry": "Food"})
    company_create(actor=ana, data={"name": "Pedro SA"}, owner_id=bruno.user.pk)
    contact_create(actor=ana, data={"first_name": "Maria", "email": "maria@acai.example.com"})
    contact_create(actor=ana, data={"first_name": "Pedro"}, owner_id=bruno.user.pk)


def test_the_lead_export_is_a_dated_csv_attachment(client, ana, acme_records):
    client.force_login(ana.user)
    response = get(client, "leads", format="csv")
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    disposition = response["Content-Disposition"]
    assert re.fullmatch(r'attachment; filename="leads-\d{4}-\d{2}-\d{2}\.csv"', disposition), disposition
    assert response["Cache-Control"] == "no-store"
    assert {r["First name"] for r in rows(response)} == {"Maria", "Pedro"}


def test_csv_is_the_default_and_xlsx_is_a_workbook(client, ana, acme_records):
    client.force_login(ana.user)
    assert get(client, "leads")["Content-Type"].startswith("text/csv")
    response = get(client, "leads", format="xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].endswith('.xlsx"')
    names = {(r["First name"], r["Last name"]) for r in xlsx_records(joined(response.streaming_content))}
    assert names == {("Maria", "Conceição"), ("Pedro", "Pereira")}


@pytest.mark.parametrize("kind", KINDS)
def test_every_list_exports_in_both_formats(client, ana, acme_records, kind):
    client.force_login(ana.user)
    assert len(rows(get(client, kind))) == 2
    xlsx = get(client, kind, format="xlsx")
    assert xlsx.status_code == 200 and len(xlsx_records(joined(xlsx.streaming_content))) == 2


@pytest.mark.parametrize("fmt", ["pdf", "", "json"])
def test_an_unknown_format_is_a_400_that_says_what_to_choose(client, ana, fmt):
    client.force_login(ana.user)
    response = get(client, "leads", format=fmt)
    assert response.status_code == 400
    assert "csv or xlsx" in response.content.decode()
    assert not AuditEntry.objects.filter(action="export").exists()


@pytest.mark.parametrize("kind", KINDS)
def test_a_role_without_the_export_scope_gets_403(client, rita, acme_records, kind):
    client.force_login(rita.user)
    assert get(client, kind).status_code == 403


@pytest.mark.parametrize("kind", KINDS)
def test_a_salesperson_exports_only_their_own_records(client, bruno, acme_records, kind):
    client.force_login(bruno.user)
    found = rows(get(client, kind))
    assert len(found) == 1 and "Pedro" in " ".join(found[0].values())


@pytest.mark.parametrize("kind", KINDS)
def test_another_workspace_exports_nothing_of_acme(client, carla, acme_records, kind):
    client.force_login(carla.user)
    assert rows(get(client, kind)) == []


def test_the_lists_text_and_owner_filters_reduce_the_rows(client, ana, bruno, acme_records):
    make_lead(ana, first_name="Joana", owner_id=bruno.user.pk)
    client.force_login(ana.user)
    assert len(rows(get(client, "leads"))) == 3
    assert [r["First name"] for r in rows(get(client, "leads", q="conceicao"))] == ["Maria"]
    assert [r["First name"] for r in rows(get(client, "leads", owner="me"))] == ["Maria"]
    assert {r["First name"] for r in rows(get(client, "leads", owner="team", q="joana"))} == {"Joana"}
    assert [r["Title"] for r in rows(get(client, "deals", q="açaí"))] == ["Açaí export"]
    assert [r["Name"] for r in rows(get(client, "companies", industry="food"))] == ["Açaí Ltda"]
    assert [r["First name"] for r in rows(get(client, "contacts", q="maria@acai.example.com"))] == ["Maria"]


def test_the_export_is_audited_with_the_filter_the_list_applied(client, ana, acme_records):
    client.force_login(ana.user)
    joined(get(client, "leads", format="xlsx", q="Maria", owner="me", score_min="nope").streaming_content)
    entry = AuditEntry.objects.get(action="export")
    assert (entry.entity, entry.record_id, entry.actor) == ("lead", 0, ana.user)
    # An unreadable value is dropped, as the list drops it; the entry keeps what was applied.
    assert entry.details == {"format": "xlsx", "count": 1, "filter": "owner=me&q=Maria"}


def test_signing_in_comes_first_and_only_get_is_answered(client, ana):
    response = get(client, "leads")
    assert response.status_code == 302 and reverse("web:login") in response["Location"]
    client.force_login(ana.user)
    assert client.post(reverse("web:leads_export")).status_code == 405


def test_the_urls_are_the_lists_own_followed_by_export(client):
    assert [reverse(f"web:{kind}_export") for kind in KINDS] == [f"/{kind}/export/" for kind in KINDS]
