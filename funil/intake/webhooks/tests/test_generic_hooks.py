"""The generic JSON message format (docs/intake-webhooks.md), end to end over HTTP."""

from funil.activities.models import Activity, Kind
from funil.leads.models import Lead


def test_a_message_from_an_unknown_sender_creates_a_lead_with_the_message(make_hook, post_signed):
    hook = make_hook("generic", name="Instagram bridge")
    payload = {
        "messages": [
            {
                "id": "ig-1001",
                "channel": "instagram",
                "text": "مرحبا — quero um orçamento 🙂",
                "sent_at": "2026-05-04T10:45:00-03:00",
                "from": {
                    "name": "Ana Beatriz Lopes",
                    "email": "ANA.B@Example.COM",
                    "company": "Lopes & Filhos",
                    "messenger": {"instagram": "ana.b.lopes"},
                },
                "data": {"post": "https://instagram.com/p/xyz"},
            }
        ]
    }
    response = post_signed(hook, payload)
    assert response.status_code == 200, response.content
    lead = Lead.objects.get(pk=response.json()["results"][0]["lead"])
    assert (lead.first_name, lead.last_name, lead.company_name) == ("Ana Beatriz", "Lopes", "Lopes & Filhos")
    assert lead.email_normalized == "ana.b@example.com"
    message = Activity.objects.get(lead=lead, kind=Kind.MESSAGE)
    assert (message.body, message.channel, message.actor_label) == (
        "مرحبا — quero um orçamento 🙂",
        "instagram",
        "Instagram bridge",
    )
    assert message.payload["data"] == {"post": "https://instagram.com/p/xyz"}


def test_a_single_message_object_is_accepted_too(make_hook, post_signed):
    hook = make_hook("generic")
    response = post_signed(hook, {"id": "m-1", "text": "hello", "from": {"phone": "+351 912 345 678"}})
    assert response.status_code == 200
    assert Lead.objects.get().phone_e164 == "+351912345678"


def test_each_problem_of_each_message_is_named(make_hook, post_signed):
    hook = make_hook("generic")
    payload = {
        "messages": [
            {"text": "no id", "from": {"name": "X"}},
            {"id": "m-2", "from": {}},
            {"id": "m-3", "text": "t", "channel": "Bad Channel!", "from": {"messenger": {"Bad Key": "1"}}},
            "not an object",
        ]
    }
    response = post_signed(hook, payload)
    assert response.status_code == 400
    errors = {(e["field"], e["code"]) for e in response.json()["errors"]}
    assert errors == {
        ("messages[0].id", "required"),
        ("messages[1].text", "required"),
        ("messages[1].from", "required"),
        ("messages[2].channel", "invalid"),
        ("messages[2].from.messenger", "invalid"),
        ("messages[2].from", "required"),
        ("messages[3]", "invalid"),
    }
    assert not Lead.objects.exists()


def test_nul_characters_and_lone_surrogates_do_not_reach_the_database(make_hook, post_signed):
    hook = make_hook("generic")
    body = (
        b'{"id": "m-9", "text": "a\\u0000b \\ud800", "from": {"name": "Jos\\u00e9"}, "data": {"k\\u0000": "\\u0000"}}'
    )
    response = post_signed(hook, body)
    assert response.status_code == 200, response.content
    message = Activity.objects.get(kind=Kind.MESSAGE)
    assert message.body == "ab ?" and message.payload["data"] == {"k": ""}


def test_one_refused_message_does_not_hold_back_the_others(make_hook, post_signed):
    hook = make_hook("generic")
    payload = {
        "messages": [
            {"id": "m-ok", "text": "fine", "from": {"name": "Clara Nunes"}},
            {"id": "m-bad", "text": "bad email", "from": {"email": "not-an-email"}},
        ]
    }
    response = post_signed(hook, payload)
    assert response.status_code == 422
    results = {r["key"]: r for r in response.json()["results"]}
    assert results["m-ok"]["ok"] and results["m-ok"]["outcome"] == "created"
    assert not results["m-bad"]["ok"] and results["m-bad"]["errors"][0]["field"] == "email"
    assert list(Lead.objects.values_list("first_name", flat=True)) == ["Clara"]
