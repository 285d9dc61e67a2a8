"""Replay safety and identity across channels, as the webhooks see them (the rules themselves live in intake's
core: lead_capture keys deliveries and matches people; these tests check the channels hand it what it needs)."""

import json
import threading

import pytest
from django.db import connection

from funil.activities.models import Activity, Kind
from funil.intake.webhooks.signing import sign
from funil.leads.models import Lead


def wa_message(sender, message_id, body):
    value = {
        "messages": [
            {"from": sender, "id": message_id, "timestamp": "1714830000", "type": "text", "text": {"body": body}}
        ],
        "contacts": [{"wa_id": sender, "profile": {"name": "Lúcia Melo"}}],
    }
    return {"object": "whatsapp_business_account", "entry": [{"changes": [{"value": value}]}]}


def test_a_whatsapp_message_then_a_call_from_the_same_number_make_one_lead_with_two_activities(make_hook, post_signed):
    whatsapp, calls = make_hook("whatsapp"), make_hook("call")
    first = post_signed(whatsapp, wa_message("5581999990000", "wamid.L1", "Oi, tudo bem?"))
    assert first.status_code == 200 and first.json()["results"][0]["outcome"] == "created"
    second = post_signed(calls, {"event": "missed", "call_id": "c-1", "from": "(81) 99999-0000"})
    assert second.status_code == 200
    assert second.json()["results"][0]["outcome"] == "attached", "intake's matching by phone has not landed yet"
    lead = Lead.objects.get()
    kinds = sorted(Activity.objects.filter(lead=lead).exclude(kind=Kind.SYSTEM).values_list("kind", flat=True))
    assert kinds == [Kind.CALL, Kind.MESSAGE]


def test_a_known_telegram_user_writing_again_gets_the_message_on_the_same_lead(client, make_hook):
    hook = make_hook("telegram")

    def send(message_id, text):
        update = {
            "update_id": message_id,
            "message": {
                "message_id": message_id,
                "date": 1714830000,
                "text": text,
                "from": {"id": 4242, "first_name": "Tiago"},
                "chat": {"id": 4242, "type": "private"},
            },
        }
        return client.post(
            hook.url,
            json.dumps(update),
            content_type="application/json",
            headers={"X-Telegram-Bot-Api-Secret-Token": hook.secret},
        )

    assert send(1, "first").status_code == 200
    assert send(2, "second").json()["results"][0]["outcome"] == "attached", "matching by telegram id has not landed"
    assert Lead.objects.count() == 1
    assert Activity.objects.filter(kind=Kind.MESSAGE).count() == 2


def test_a_retried_delivery_returns_the_first_result_and_creates_nothing(make_hook, post_signed):
    hook = make_hook("whatsapp")
    payload = wa_message("5581988880000", "wamid.R1", "retry me")
    first = post_signed(hook, payload).json()["results"][0]
    again = post_signed(hook, payload).json()["results"][0]
    assert again["outcome"] == "replayed", "intake's replay safety has not landed yet"
    assert again["lead"] == first["lead"]
    assert Lead.objects.count() == 1 and Activity.objects.filter(kind=Kind.MESSAGE).count() == 1
    assert hook.refresh().captured_count == 1


def test_each_event_of_one_call_is_its_own_delivery_and_each_replay_is_caught(make_hook, post_signed):
    hook = make_hook("call")
    for event in ("incoming", "answered", "ended", "ended"):
        post_signed(hook, {"event": event, "call_id": "c-7", "from": "+5581977770000", "duration": 61})
    assert Activity.objects.filter(kind=Kind.CALL).count() == 3, "replay safety or matching has not landed yet"


@pytest.mark.django_db(transaction=True)
def test_the_same_delivery_arriving_twice_at_once_creates_one_lead(make_hook, live_server):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent deliveries are checked on PostgreSQL (SQLite serialises every writer)")
    import urllib.request

    hook = make_hook("generic")
    body = json.dumps({"id": "same-1", "text": "twice", "from": {"email": "twice@example.com"}}).encode()
    request_headers = {"Content-Type": "application/json", "X-Funil-Signature": sign(hook.secret, body)}
    statuses: list[int] = []
    start = threading.Barrier(4)

    def deliver() -> None:
        start.wait()
        request = urllib.request.Request(live_server.url + hook.url, body, request_headers, method="POST")
        with urllib.request.urlopen(request, timeout=30) as response:
            statuses.append(response.status)

    threads = [threading.Thread(target=deliver) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 4
    assert Lead.objects.count() == 1, "intake's replay safety has not landed yet"
