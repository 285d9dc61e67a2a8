"""GET /api/v1/{leads,deals,contacts,companies}/export with a workspace API key: the file streams as an attachment,
the key's member's export scope applies, filters narrow the rows, and bad input is refused, never exported whole."""

import datetime

import pytest

from funil.accounts.api_keys import api_key_create
from funil.contacts.services import company_create, contact_create
from funil.core.models import AuditEntry
from funil.leads.models import Lead
from funil.leads.services import lead_move
from funil.testing.factories import lead_stage, make_deal, make_lead

from .files import csv_records, joined, xlsx_records

pytestmark = pytest.mark.urls("funil.exports.tests.urls")

PATHS = {kind: f"/api/v1/{kind}/export" for kind in ("leads", "deals", "contacts", "companies")}


def key_for(admin, member):
    return api_key_create(actor=admin, name="Exports", user_id=member.user.pk)[1]


def get(client, kind, key=None, **params):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}
    return client.get(PATHS[kind], params, **headers)


def names(response, column="First name"):
    assert response.status_code == 200, response.content
    return sorted(r[column] for r in csv_records(joined(response.streaming_content)))


@pytest.fixture
def ana_key(ana):
    return key_for(ana, ana)


def test_a_key_exports_leads_as_a_dated_csv(client, ana, ana_key):
    make_lead(ana, first_name="Açucena")
    response = get(client, "leads", ana_key, format="csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="leads-')
    assert names(response) == ["Açucena"]


@pytest.mark.parametrize("kind", ["leads", "deals", "contacts", "companies"])
def test_every_kind_exports_as_xlsx(client, ana, ana_key, kind):
    make_lead(ana, first_name="Lia")
    make_deal(ana, title="Deal")
    company = company_create(actor=ana, data={"name": "Empresa"})
    contact_create(actor=ana, data={"first_name": "Caio", "company": company.pk})
    response = get(client, kind, ana_key, format="xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert len(xlsx_records(joined(response.streaming_content))) == 1


def test_without_a_valid_key_the_answer_is_401(client, ana):
    assert get(client, "leads").status_code == 401
    assert get(client, "leads", "fk_nope_nope").status_code == 401


def test_the_signed_in_session_works_too(client, ana):
    make_lead(ana, first_name="Sessão")
    client.force_login(ana.user)
    assert names(get(client, "leads")) == ["Sessão"]


def test_a_key_acting_as_a_salesperson_exports_only_their_leads(client, ana, bruno):
    make_lead(ana, first_name="Hers")
    make_lead(ana, first_name="His", owner_id=bruno.user.pk)
    assert names(get(client, "leads", key_for(ana, bruno))) == ["His"]


@pytest.mark.parametrize("kind", ["leads", "deals", "contacts", "companies"])
def test_a_key_acting_as_a_read_only_member_is_refused_with_403(client, ana, rita, kind):
    response = get(client, kind, key_for(ana, rita), format="pdf", created_from="nope")
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_another_workspaces_key_never_sees_acme(client, ana, carla):
    make_lead(ana, first_name="Acme")
    make_lead(carla, first_name="Globex")
    assert names(get(client, "leads", key_for(carla, carla))) == ["Globex"]


def test_filters_narrow_the_rows(client, ana, bruno, ana_key, referral):
    maria = make_lead(ana, first_name="Maria", last_name="Conceição", source=referral.pk)
    make_lead(ana, first_name="Pedro", owner_id=bruno.user.pk)
    old = make_lead(ana, first_name="Velho")
    Lead.objects.filter(pk=old.pk).update(created_at=datetime.datetime(2020, 1, 15, 12, tzinfo=datetime.UTC))
    lead_move(actor=ana, lead=maria, stage=lead_stage(ana, "Contacted"))
    assert names(get(client, "leads", ana_key)) == ["Maria", "Pedro", "Velho"]
    assert names(get(client, "leads", ana_key, q="conceicao")) == ["Maria"]
    assert names(get(client, "leads", ana_key, owner="me")) == ["Maria", "Velho"]
    assert names(get(client, "leads", ana_key, owner=str(bruno.user.pk))) == ["Pedro"]
    assert names(get(client, "leads", ana_key, stage=str(lead_stage(ana, "Contacted").pk))) == ["Maria"]
    assert names(get(client, "leads", ana_key, source=str(referral.pk))) == ["Maria"]
    assert names(get(client, "leads", ana_key, created_to="2020-12-31")) == ["Velho"]
    assert names(get(client, "leads", ana_key, created_from="2021-01-01", owner="me")) == ["Maria"]
    assert names(get(client, "leads", ana_key, status="junk")) == []


def test_the_audit_entry_keeps_the_filter_applied(client, ana, ana_key, bruno):
    make_lead(ana, first_name="Pedro", owner_id=bruno.user.pk)
    joined(get(client, "leads", ana_key, q="pedro", owner=str(bruno.user.pk), format="xlsx").streaming_content)
    entry = AuditEntry.objects.get(action="export")
    assert (entry.entity, entry.actor) == ("lead", ana.user)
    assert entry.details == {"format": "xlsx", "count": 1, "filter": f"q=pedro&owner_id={bruno.user.pk}"}


def test_unreadable_filters_are_a_422_naming_each_one_and_nothing_is_exported(client, ana, ana_key):
    make_lead(ana)
    response = get(client, "leads", ana_key, created_from="yesterday", stage="x", owner="someone", status="maybe")
    assert response.status_code == 422
    errors = {e["field"]: e["code"] for e in response.json()["errors"]}
    assert errors == {
        "created_from": "export_filter_invalid",
        "stage": "export_filter_invalid",
        "owner": "export_filter_invalid",
        "status": "export_filter_invalid",
    }
    assert "created_from: not a date (YYYY-MM-DD)" in response.json()["message"]
    assert get(client, "leads", ana_key, owner="9" * 30).status_code == 422
    assert get(client, "deals", ana_key, amount_min="lots").status_code == 422
    assert get(client, "contacts", ana_key, country="Brazil").status_code == 422
    assert get(client, "companies", ana_key, size_max="big").status_code == 422
    assert not AuditEntry.objects.filter(action="export").exists()


def test_an_unknown_format_is_a_400_with_its_code(client, ana, ana_key):
    response = get(client, "leads", ana_key, format="pdf")
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == ("export_format_invalid", "format")


def test_the_routes_are_described_with_their_filters(ana):
    from .urls import api

    schema = api.get_openapi_schema()
    lead_params = {p["name"] for p in schema["paths"]["/api/v1/leads/export"]["get"]["parameters"]}
    assert {"format", "q", "owner", "stage", "source", "created_from", "created_to"} <= lead_params
    assert set(PATHS.values()) <= set(schema["paths"])
