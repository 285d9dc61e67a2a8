"""POST /api/v1/leads over HTTP: a workspace API key or the session, replay-safe, coded field errors, no 500."""

import json
import threading

import pytest
from django.db import connection
from django.test import Client

from funil.accounts.api_keys import api_key_create, api_key_revoke
from funil.activities.models import Activity
from funil.leads.models import Lead
from funil.testing.factories import make_lead

URL = "/api/v1/leads"


@pytest.fixture
def ana_key(ana):
    return api_key_create(actor=ana, name="Site", user_id=ana.user.pk)[1]


@pytest.fixture
def carla_key(carla):
    return api_key_create(actor=carla, name="Zapier", user_id=carla.user.pk)[1]


def post(client, body, key=None, **headers):
    if key:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(URL, data, content_type="application/json", **headers)


def test_a_key_captures_a_lead_and_answers_201_with_the_result(client, ana, ana_key):
    body = {"full_name": "Joana Dias", "email": "joana@example.com", "messenger": {"whatsapp": "(81) 98888-7777"}}
    response = post(client, {**body, "activity": {"kind": "message", "body": "Oi"}}, ana_key)
    assert response.status_code == 201, response.content
    data = response.json()
    lead = Lead.objects.get(pk=data["lead"])
    assert (data["outcome"], lead.workspace, lead.first_name, lead.mobile_e164) == (
        "created",
        ana.workspace,
        "Joana",
        "+5581988887777",
    )
    assert Activity.objects.get(pk=data["activity"]).body == "Oi"


def test_the_same_idempotency_key_answers_200_with_the_first_result(client, ana, ana_key):
    first = post(client, {"first_name": "Rui"}, ana_key, HTTP_IDEMPOTENCY_KEY="order-77")
    again = post(client, {"first_name": "Rui"}, ana_key, HTTP_IDEMPOTENCY_KEY="order-77")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == {**first.json(), "outcome": "replayed", "first_outcome": "created"}
    assert Lead.objects.filter(workspace=ana.workspace).count() == 1


def test_a_known_person_is_attached_and_look_alikes_are_listed(client, ana, ana_key):
    lead = make_lead(ana, first_name="Maria", email="maria@example.com")
    data = post(client, {"email": "Maria@Example.com", "activity": {"body": "De novo"}}, ana_key).json()
    assert (data["outcome"], data["lead"]) == ("attached", lead.pk)
    assert data["matches"] == [
        {"kind": "lead", "id": lead.pk, "reason": "email", "label": "same email", "confidence": 0.98}
    ]


def test_bad_fields_answer_422_with_each_field_and_its_code(client, ana, ana_key):
    response = post(client, {"email": "nope", "phone": "12", "country": "Narnia", "messenger": "x"}, ana_key)
    assert response.status_code == 422
    errors = {e["field"]: e["code"] for e in response.json()["errors"]}
    assert errors == {
        "email": "email_invalid",
        "phone": "phone_invalid",
        "country": "country_invalid",
        "messenger": "messenger_invalid",
    }
    assert post(client, {"first_name": "A", "activity": {"kind": 3}}, ana_key).status_code == 422
    assert post(client, {"first_name": "A", "activity": {"kind": "dance"}}, ana_key).json()["errors"][0] == {
        "field": "activity.kind",
        "code": "activity_kind_invalid",
        "message": "Not a kind of activity.",
    }
    long_key = post(client, {"first_name": "A"}, ana_key, HTTP_IDEMPOTENCY_KEY="k" * 300)
    assert long_key.json()["errors"][0]["code"] == "idempotency_key_invalid"
    assert not Lead.objects.exists()


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("{not json", {"json_invalid"}),
        ("[1, 2]", {"body_invalid"}),
        ("", {"body_invalid"}),
        ("[" * 30_000 + "]" * 30_000, {"json_invalid", "body_invalid"}),  # as deep as 64 KB allows
        (b"\xff\xfe{", {"json_invalid"}),
    ],
)
def test_malformed_bodies_answer_400_never_500(client, ana_key, body, code):
    response = post(client, body, ana_key)
    assert response.status_code == 400 and response.json()["code"] in code


def test_odd_values_are_field_errors_not_500(client, ana, ana_key):
    odd = {"first_name": ["x"], "email": {"a": 1}, "source": {"id": 1}, "budget": [], "custom_fields": "x"}
    assert post(client, odd, ana_key).status_code == 422
    with_nul = {
        "first_name": "Nu\u0000l",
        "page_url": "https://x.example/\u0000",
        "messenger": {"telegram": "1\u00002"},
    }
    response = post(client, with_nul, ana_key)
    assert response.status_code == 201 and Lead.objects.get().first_name == "Nul"


def test_a_body_over_64_kb_is_refused_with_413(client, ana, ana_key):
    response = post(client, {"first_name": "A", "need": "x" * 70_000}, ana_key)
    assert (response.status_code, response.json()["code"]) == (413, "payload_too_large")
    assert not Lead.objects.exists()


def test_no_key_a_wrong_key_or_a_revoked_key_answer_401(client, ana, ana_key):
    assert post(client, {"first_name": "A"}).status_code == 401
    assert post(client, {"first_name": "A"}, ana_key[:-2] + "xx").status_code == 401
    assert post(client, {"first_name": "A"}, "not-a-funil-key").status_code == 401
    key, raw = api_key_create(actor=ana, name="Old", user_id=ana.user.pk)
    api_key_revoke(actor=ana, key=key)
    assert post(client, {"first_name": "A"}, raw).status_code == 401


def test_a_key_stops_when_its_member_leaves(client, ana, bruno):
    _key, raw = api_key_create(actor=ana, name="Bruno's", user_id=bruno.user.pk)
    assert post(client, {"first_name": "A"}, raw).status_code == 201
    bruno.membership.is_active = False
    bruno.membership.save()
    assert post(client, {"first_name": "B"}, raw).status_code == 401


def test_a_read_only_members_key_cannot_capture(client, ana, rita):
    _key, raw = api_key_create(actor=ana, name="Rita's", user_id=rita.user.pk)
    assert post(client, {"first_name": "A"}, raw).status_code == 403


def test_the_session_works_too(client, ana):
    client.force_login(ana.user)
    assert post(client, {"first_name": "Sessão"}).status_code == 201


def test_carlas_key_cannot_touch_acme(client, ana, ana_key, carla, carla_key):
    acme_lead = make_lead(ana, first_name="Lia", email="lia@example.com")
    post(client, {"first_name": "Lia"}, ana_key, HTTP_IDEMPOTENCY_KEY="shared-key")
    data = post(client, {"first_name": "Lia", "email": "lia@example.com"}, carla_key).json()
    assert data["outcome"] == "created" and data["matches"] == []
    assert Lead.objects.get(pk=data["lead"]).workspace == carla.workspace
    assert not Activity.objects.filter(lead=acme_lead).exclude(kind="system").exists()
    replay = post(client, {"first_name": "Pilar"}, carla_key, HTTP_IDEMPOTENCY_KEY="shared-key")
    assert replay.status_code == 201 and Lead.objects.get(pk=replay.json()["lead"]).workspace == carla.workspace


def test_simple_mode_answers_with_the_deal(client, ana, ana_key):
    ana.workspace.crm_mode = "simple"
    ana.workspace.save()
    data = post(client, {"full_name": "Lia Mota", "email": "lia@mota.example"}, ana_key).json()
    assert data["outcome"] == "created" and data["deal"] and data["contact"] and data["lead"] is None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL (SQLite has one)")
@pytest.mark.django_db(transaction=True)
def test_two_requests_with_the_same_key_at_the_same_moment_create_one_lead(ana, ana_key):
    start, statuses = threading.Barrier(2), []

    def send() -> None:
        try:
            start.wait()
            statuses.append(post(Client(), {"first_name": "Duo"}, ana_key, HTTP_IDEMPOTENCY_KEY="dup").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [200, 201]
    assert Lead.objects.filter(workspace=ana.workspace).count() == 1


def test_an_idempotency_key_belongs_to_the_member_whose_key_sent_it(client, ana, bruno, ana_key):
    bruno_key = api_key_create(actor=ana, name="Bruno's sheet", user_id=bruno.user.pk)[1]
    first = post(client, {"first_name": "Rui", "email": "rui@example.com"}, ana_key, HTTP_IDEMPOTENCY_KEY="row-1")
    other = post(client, {"first_name": "Ivo", "email": "ivo@example.com"}, bruno_key, HTTP_IDEMPOTENCY_KEY="row-1")
    assert (first.status_code, other.status_code) == (201, 201)
    assert other.json()["lead"] != first.json()["lead"]  # Bruno never receives Ana's result
    assert Lead.objects.get(pk=other.json()["lead"]).owner_id == bruno.user.pk
