"""WhatsApp Business Cloud API webhooks: entry[].changes[].value.messages[], one delivery per message.

Status updates (sent, delivered, read) are acknowledged and ignored. Media is not downloaded (that needs the
Graph API and an access token): the message says what was sent, with its media id in the payload.
"""

from typing import Any

from django.utils.translation import gettext as _

from funil.activities.models import Kind
from funil.intake.capture import Channel, Incoming, IncomingActivity

from ..errors import DeliveryError
from ..models import Integration
from ..people import split_name
from .common import Parsed, PayloadReader, with_source

MEDIA = ("image", "video", "audio", "document", "sticker")


def read(data: Any, integration: Integration) -> Parsed:
    reader = PayloadReader()
    parsed = Parsed()
    root = reader.obj(data, "")
    reader.raise_if_errors()
    assert root is not None
    for e, entry in enumerate(reader.items(root.get("entry"), "entry")):
        entry_obj = reader.obj(entry, f"entry[{e}]") or {}
        for c, change in enumerate(reader.items(entry_obj.get("changes"), f"entry[{e}].changes")):
            path = f"entry[{e}].changes[{c}].value"
            value = reader.obj((change or {}).get("value") if isinstance(change, dict) else None, path)
            if value is not None:
                _value(reader, value, path, integration, parsed)
    reader.raise_if_errors()
    return parsed


def _value(reader: PayloadReader, value: dict[str, Any], path: str, integration: Integration, out: Parsed) -> None:
    out.ignored += len(reader.items(value.get("statuses"), f"{path}.statuses", required=False))
    names = _profile_names(value.get("contacts"))
    metadata = value.get("metadata")
    business: dict[str, Any] = metadata if isinstance(metadata, dict) else {}
    for m, message in enumerate(reader.items(value.get("messages"), f"{path}.messages", required=False)):
        item = _message(reader, message, f"{path}.messages[{m}]", names, business, integration)
        if item is not None:
            out.items.append(item)


def _profile_names(contacts: Any) -> dict[str, str]:
    """wa_id → the profile name the sender chose (only a hint: the name is theirs to pick)."""
    names = {}
    for contact in contacts if isinstance(contacts, list) else []:
        if isinstance(contact, dict) and isinstance(contact.get("profile"), dict):
            names[str(contact.get("wa_id", ""))] = str(contact["profile"].get("name") or "")
    return names


def _message(
    reader: PayloadReader,
    data: Any,
    path: str,
    names: dict[str, str],
    business: dict[str, Any],
    integration: Integration,
) -> Incoming | None:
    message = reader.obj(data, path)
    if message is None:
        return None
    sender = reader.text(message, "from", path, required=True, limit=20)
    message_id = reader.text(message, "id", path, required=True)
    occurred_at = reader.moment(message, "timestamp", path)
    if sender and not sender.lstrip("+").isdigit():
        reader.fail(f"{path}.from", DeliveryError.INVALID, _("A WhatsApp number is digits only."))
        return None
    if not (sender and message_id) or reader.errors:
        return None
    number = "+" + sender.lstrip("+")
    kind = str(message.get("type") or "text")
    activity = IncomingActivity(
        kind=Kind.MESSAGE,
        subject="WhatsApp message",
        body=_body(kind, message),
        channel="whatsapp",
        occurred_at=occurred_at,
        payload={
            "provider": "whatsapp",
            "message_id": message_id,
            "from": number,
            "to": str(business.get("display_phone_number") or ""),
            "type": kind,
            "media_id": _media_id(kind, message),
        },
    )
    person = with_source({"mobile": number, **split_name(names.get(sender.lstrip("+"), ""))}, integration)
    return Incoming(
        channel=Channel.WHATSAPP,
        person=person,
        messenger={"whatsapp": number},
        activity=activity,
        idempotency_key=message_id,
    )


def _part(message: dict[str, Any], key: str) -> dict[str, Any]:
    value = message.get(key)
    return value if isinstance(value, dict) else {}


def _body(kind: str, message: dict[str, Any]) -> str:
    """The message as text; what is not text says what it was, as the WhatsApp app itself does."""
    if kind == "text":
        return str(_part(message, "text").get("body") or "")
    if kind in MEDIA:
        media = _part(message, kind)
        caption = str(media.get("caption") or media.get("filename") or "")
        return f"[{kind}] {caption}".strip()
    if kind == "location":
        place = _part(message, "location")
        where = ", ".join(str(place[k]) for k in ("name", "address") if place.get(k))
        return f"[location] {place.get('latitude', '')}, {place.get('longitude', '')} {where}".strip()
    if kind == "button":
        return str(_part(message, "button").get("text") or "")
    if kind == "interactive":
        reply = _part(message, "interactive")
        chosen = _part(reply, "button_reply") or _part(reply, "list_reply")
        return str(chosen.get("title") or "")
    if kind == "reaction":
        return f"[reaction] {_part(message, 'reaction').get('emoji') or ''}".strip()
    return f"[{kind}]"


def _media_id(kind: str, message: dict[str, Any]) -> str:
    return str(_part(message, kind).get("id") or "") if kind in MEDIA else ""
