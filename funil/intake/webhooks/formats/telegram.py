"""Telegram Bot API webhooks: one Update per request; a `message` from a person becomes a delivery.

Other updates (edits, callbacks, membership changes, channel posts) are acknowledged and ignored, so Telegram
does not send them again. A shared contact card of the sender adds their phone number.
"""

from typing import Any

from funil.activities.models import Kind
from funil.intake.capture import Channel, Incoming, IncomingActivity

from ..models import Integration
from .common import Parsed, PayloadReader, with_source

MEDIA = ("photo", "video", "voice", "audio", "document", "sticker", "animation", "video_note", "location", "contact")


def read(data: Any, integration: Integration) -> Parsed:
    reader = PayloadReader()
    update = reader.obj(data, "")
    reader.raise_if_errors()
    assert update is not None
    message_key = "message" if "message" in update else "business_message" if "business_message" in update else ""
    if not message_key:
        return Parsed(ignored=1)
    message = reader.obj(update[message_key], message_key)
    reader.raise_if_errors()
    assert message is not None
    sender = reader.obj(message.get("from"), f"{message_key}.from")
    chat = reader.obj(message.get("chat"), f"{message_key}.chat")
    # An absent sender or chat is one problem, not one more for each of its fields.
    user_id = reader.text(sender, "id", f"{message_key}.from", required=True, limit=40) if sender else ""
    chat_id = reader.text(chat, "id", f"{message_key}.chat", required=True, limit=40) if chat else ""
    sender = sender or {}
    message_id = reader.text(message, "message_id", message_key, required=True, limit=40)
    first = reader.text(sender, "first_name", f"{message_key}.from", limit=100)
    last = reader.text(sender, "last_name", f"{message_key}.from", limit=100)
    username = reader.text(sender, "username", f"{message_key}.from", limit=100)
    language = reader.text(sender, "language_code", f"{message_key}.from", limit=10)
    occurred_at = reader.moment(message, "date", message_key)
    reader.raise_if_errors()
    person: dict[str, Any] = {"first_name": first or (f"@{username}" if username else ""), "last_name": last}
    if language:
        person["language"] = language
    phone = _own_phone(message, user_id)
    if phone:
        person["mobile"] = phone
    activity = IncomingActivity(
        kind=Kind.MESSAGE,
        subject="Telegram message",
        body=_body(message),
        channel="telegram",
        occurred_at=occurred_at,
        payload={
            "provider": "telegram",
            "update_id": update.get("update_id"),
            "message_id": message_id,
            "chat_id": chat_id,
            "from_id": user_id,
            "username": username,
        },
    )
    incoming = Incoming(
        channel=Channel.TELEGRAM,
        person=with_source({k: v for k, v in person.items() if v}, integration),
        messenger={"telegram": user_id},
        activity=activity,
        idempotency_key=f"{chat_id}:{message_id}",
    )
    return Parsed(items=[incoming])


def _body(message: dict[str, Any]) -> str:
    text = message.get("text") or message.get("caption") or ""
    if isinstance(text, str) and text:
        return text
    kind = next((k for k in MEDIA if k in message), "message")
    return f"[{kind}]"


def _own_phone(message: dict[str, Any], user_id: str) -> str:
    """The sender's number, when they shared their own contact card (not someone else's)."""
    card = message.get("contact")
    if isinstance(card, dict) and str(card.get("user_id", "")) == user_id:
        phone = str(card.get("phone_number") or "")[:40]
        return phone if phone.startswith("+") else f"+{phone}" if phone else ""
    return ""
