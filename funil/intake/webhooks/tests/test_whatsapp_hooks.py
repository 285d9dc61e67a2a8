"""WhatsApp Business Cloud API webhooks: Meta's signature, the verification challenge, messages and statuses."""

import hashlib
import hmac
import json

from funil.activities.models import Activity, Kind
from funil.leads.models import Lead


def wa_payload(*messages, statuses=(), names=None):
    names = names or {}
    return {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "102290129340398",
                "changes": [
                    {
                        "field": "messages",
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {"display_phone_number": "15550783881", "phone_number_id": "106540352242922"},
                            "contacts": [{"profile": {"name": n}, "wa_id": w} for w, n in names.items()],
                            "messages": list(messages),
                            "statuses": list(statuses),
                        },
                    }
                ],
            }
        ],
    }


def text(sender, message_id, body, ts="1714830000"):
    return {"from": sender, "id": message_id, "timestamp": ts, "type": "text", "text": {"body": body}}


def meta_signed(client, hook, payload, app_secret):
    body = json.dumps(payload).encode()
    signature = "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
    return client.post(hook.url, body, content_type="application/json", headers={"X-Hub-Signature-256": signature})


def test_meta_verification_challenge_is_answered_only_with_the_verify_token(client, make_hook):
    hook = make_hook("whatsapp", settings={"verify_token": "meu-token"})
    ok = client.get(hook.url, {"hub.mode": "subscribe", "hub.verify_token": "meu-token", "hub.challenge": "1158201444"})
    assert ok.status_code == 200 and ok.content == b"1158201444" and ok["Content-Type"].startswith("text/plain")
    wrong = client.get(hook.url, {"hub.mode": "subscribe", "hub.verify_token": "nope", "hub.challenge": "1"})
    assert wrong.status_code == 403 and wrong.json()["code"] == "verify_token_invalid"
    html = client.get(hook.url, {"hub.mode": "subscribe", "hub.verify_token": "meu-token", "hub.challenge": "<b>x"})
    assert html.status_code == 400


def test_a_message_signed_by_meta_creates_a_lead_with_the_whatsapp_number(client, make_hook):
    hook = make_hook("whatsapp", settings={"app_secret": "meta-app-secret"})
    payload = wa_payload(
        text("5581999990000", "wamid.HBgM1", "Olá! Quero saber o preço 😊"), names={"5581999990000": "Maria da Silva"}
    )
    response = meta_signed(client, hook, payload, "meta-app-secret")
    assert response.status_code == 200, response.content
    lead = Lead.objects.get(pk=response.json()["results"][0]["lead"])
    assert (lead.first_name, lead.last_name, lead.mobile_e164) == ("Maria da", "Silva", "+5581999990000")
    message = Activity.objects.get(lead=lead, kind=Kind.MESSAGE)
    assert (message.body, message.channel) == ("Olá! Quero saber o preço 😊", "whatsapp")
    assert message.payload["message_id"] == "wamid.HBgM1" and message.payload["to"] == "15550783881"


def test_meta_signature_made_with_another_secret_is_refused(client, make_hook):
    hook = make_hook("whatsapp", settings={"app_secret": "meta-app-secret"})
    response = meta_signed(client, hook, wa_payload(text("5581999990000", "wamid.X", "hi")), "guessed")
    assert response.status_code == 401 and response.json()["code"] == "signature_invalid"
    assert not Lead.objects.exists()


def test_funil_signature_also_works_for_whatsapp(make_hook, post_signed):
    hook = make_hook("whatsapp")
    response = post_signed(hook, wa_payload(text("5511988887777", "wamid.Y", "Bom dia")))
    assert response.status_code == 200
    assert Lead.objects.get().mobile_e164 == "+5511988887777"


def test_several_messages_are_each_captured_and_statuses_ignored(make_hook, post_signed):
    hook = make_hook("whatsapp")
    payload = wa_payload(
        text("5581911110000", "wamid.A", "one"),
        text("5581922220000", "wamid.B", "two"),
        {
            "from": "5581933330000",
            "id": "wamid.C",
            "timestamp": "1714830000",
            "type": "image",
            "image": {"id": "media-1", "caption": "my shop"},
        },
        statuses=[{"id": "wamid.OUT", "status": "read", "recipient_id": "5581911110000"}],
    )
    response = post_signed(hook, payload)
    assert response.status_code == 200
    body = response.json()
    assert [r["key"] for r in body["results"]] == ["wamid.A", "wamid.B", "wamid.C"] and body["ignored"] == 1
    assert Lead.objects.count() == 3
    image = Activity.objects.get(kind=Kind.MESSAGE, payload__message_id="wamid.C")
    assert image.body == "[image] my shop" and image.payload["media_id"] == "media-1"


def test_a_status_only_delivery_creates_nothing(make_hook, post_signed):
    hook = make_hook("whatsapp")
    response = post_signed(hook, wa_payload(statuses=[{"id": "wamid.OUT", "status": "delivered"}]))
    assert response.status_code == 200 and response.json() == {"ok": True, "results": [], "ignored": 1}
    assert not Lead.objects.exists()


def test_the_whatsapp_number_is_handed_to_intake_as_a_messenger_id(make_hook):
    from funil.intake.webhooks.formats import READERS

    hook = make_hook("whatsapp")
    parsed = READERS["whatsapp"](wa_payload(text("5581999990000", "wamid.Z", "oi")), hook.integration)
    incoming = parsed.items[0]
    assert incoming.messenger == {"whatsapp": "+5581999990000"}
    assert (incoming.idempotency_key, incoming.channel) == ("wamid.Z", "whatsapp")
    assert incoming.activity.occurred_at.isoformat() == "2024-05-04T13:40:00+00:00"


def test_a_malformed_whatsapp_body_names_the_bad_parts(make_hook, post_signed):
    hook = make_hook("whatsapp")
    payload = wa_payload({"id": "wamid.Q", "type": "text"}, {"from": "+55 81 abc", "id": "wamid.R"})
    response = post_signed(hook, payload)
    assert response.status_code == 400
    fields = [e["field"] for e in response.json()["errors"]]
    assert fields == ["entry[0].changes[0].value.messages[0].from", "entry[0].changes[0].value.messages[1].from"]
    assert post_signed(hook, {"entry": "nope"}).status_code == 400
    assert post_signed(hook, [1, 2]).status_code == 400
    assert not Lead.objects.exists()
