"""Telegram Bot API webhooks: the secret-token header, an Update's message, updates that are not messages."""

import json

from funil.activities.models import Activity, Kind
from funil.leads.models import Lead


def update(message_id=11, text="Oi, vocês entregam em Recife?", **sender):
    user = {
        "id": 777000123,
        "is_bot": False,
        "first_name": "Pedro",
        "last_name": "Alves",
        "username": "pedroalves",
        "language_code": "pt-br",
        **sender,
    }
    return {
        "update_id": 90001,
        "message": {
            "message_id": message_id,
            "from": user,
            "chat": {"id": user["id"], "type": "private"},
            "date": 1714830000,
            "text": text,
        },
    }


def telegram_post(client, hook, payload, token):
    return client.post(
        hook.url,
        json.dumps(payload).encode(),
        content_type="application/json",
        headers={"X-Telegram-Bot-Api-Secret-Token": token},
    )


def test_a_message_with_the_secret_token_creates_a_lead(client, make_hook):
    hook = make_hook("telegram")
    response = telegram_post(client, hook, update(), hook.secret)
    assert response.status_code == 200, response.content
    result = response.json()["results"][0]
    assert result["key"] == "777000123:11"
    lead = Lead.objects.get(pk=result["lead"])
    assert (lead.first_name, lead.last_name, lead.language) == ("Pedro", "Alves", "pt-br")
    message = Activity.objects.get(lead=lead, kind=Kind.MESSAGE)
    assert (message.body, message.channel) == ("Oi, vocês entregam em Recife?", "telegram")
    assert message.payload["username"] == "pedroalves" and message.payload["from_id"] == "777000123"


def test_a_wrong_or_missing_secret_token_is_refused(client, make_hook):
    hook = make_hook("telegram")
    assert telegram_post(client, hook, update(), "not-it").status_code == 401
    assert client.post(hook.url, json.dumps(update()), content_type="application/json").status_code == 401
    assert not Lead.objects.exists()


def test_updates_that_are_not_messages_are_acknowledged_and_ignored(client, make_hook):
    hook = make_hook("telegram")
    edited = {"update_id": 5, "edited_message": update()["message"]}
    response = telegram_post(client, hook, edited, hook.secret)
    assert response.status_code == 200 and response.json()["ignored"] == 1
    assert not Lead.objects.exists()


def test_a_photo_without_caption_and_a_shared_own_contact_card(client, make_hook):
    hook = make_hook("telegram")
    payload = update(message_id=12, text=None)
    del payload["message"]["text"]
    payload["message"]["contact"] = {"phone_number": "5581977776666", "first_name": "Pedro", "user_id": 777000123}
    response = telegram_post(client, hook, payload, hook.secret)
    assert response.status_code == 200
    lead = Lead.objects.get()
    assert lead.mobile_e164 == "+5581977776666"
    assert Activity.objects.get(lead=lead, kind=Kind.MESSAGE).body == "[contact]"


def test_a_sender_with_only_a_username_is_named_by_it(client, make_hook):
    hook = make_hook("telegram")
    response = telegram_post(client, hook, update(first_name="", last_name=""), hook.secret)
    assert response.status_code == 200
    assert Lead.objects.get().first_name == "@pedroalves"


def test_a_message_without_sender_or_chat_is_malformed(client, make_hook):
    hook = make_hook("telegram")
    payload = {"update_id": 1, "message": {"message_id": 3, "text": "hi"}}
    response = telegram_post(client, hook, payload, hook.secret)
    assert response.status_code == 400
    assert {e["field"] for e in response.json()["errors"]} == {"message.from", "message.chat"}
