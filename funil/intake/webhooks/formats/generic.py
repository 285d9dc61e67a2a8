"""Funil's generic message format, for any chat or messenger without a format of its own
(docs/intake-webhooks.md):

    {"messages": [{"id": "m-1", "text": "Hello", "channel": "instagram", "sent_at": "2026-05-04T13:45:00Z",
                   "from": {"name": "Maria Silva", "email": "...", "phone": "...", "company": "...",
                            "messenger": {"instagram": "maria.s"}},
                   "data": {...}}]}

A single message object without the "messages" list is accepted too.
"""

import json
import re
from typing import Any

from django.utils.translation import gettext as _

from funil.activities.models import Kind
from funil.intake.capture import Channel, Incoming, IncomingActivity

from ..errors import DeliveryError
from ..models import Integration
from ..people import split_name
from .common import Parsed, PayloadReader, with_source

MESSENGER_KEY = re.compile(r"^[a-z0-9_]{1,20}$")
CHANNEL_LABEL = re.compile(r"^[a-z0-9_.-]{1,40}$")
DATA_LIMIT = 10_000  # characters of the free "data" object, as JSON


def read(data: Any, integration: Integration) -> Parsed:
    reader = PayloadReader()
    root = reader.obj(data, "")
    reader.raise_if_errors()
    assert root is not None
    if "messages" in root:
        messages = [(f"messages[{i}]", m) for i, m in enumerate(reader.items(root["messages"], "messages"))]
    else:
        messages = [("", root)]
    items = [_message(reader, message, path, integration) for path, message in messages]
    reader.raise_if_errors()
    return Parsed(items=[item for item in items if item is not None])


def _message(reader: PayloadReader, data: Any, path: str, integration: Integration) -> Incoming | None:
    message = reader.obj(data, path or "body")
    if message is None:
        return None
    before = len(reader.errors)
    message_id = reader.text(message, "id", path, required=True)
    subject = reader.text(message, "subject", path, limit=300)
    text = reader.text(message, "text", path, required=not subject, limit=20_000)
    channel = reader.text(message, "channel", path, limit=40).lower() or "messenger"
    if not CHANNEL_LABEL.match(channel):
        reader.fail(_at(path, "channel"), DeliveryError.INVALID, _("Lower-case letters, digits, dots and dashes."))
    direction = reader.text(message, "direction", path, limit=3).lower() or "in"
    if direction not in ("in", "out"):
        reader.fail(_at(path, "direction"), DeliveryError.INVALID, _("Must be in or out."))
    sent_at = reader.moment(message, "sent_at", path)
    extra = _data(reader, message.get("data"), _at(path, "data"))
    person, messenger = _sender(reader, message.get("from"), _at(path, "from"))
    if len(reader.errors) > before:
        return None
    activity = IncomingActivity(
        kind=Kind.MESSAGE,
        subject=subject,
        body=text,
        direction=direction,
        channel=channel,
        occurred_at=sent_at,
        payload={"provider": "generic", "message_id": message_id, "data": extra},
    )
    return Incoming(
        channel=Channel.MESSENGER,
        person=with_source(person, integration),
        messenger=messenger,
        activity=activity,
        idempotency_key=message_id,
    )


def _sender(reader: PayloadReader, data: Any, path: str) -> tuple[dict[str, Any], dict[str, str]]:
    sender = reader.obj(data, path)
    if sender is None:
        return {}, {}
    name = reader.text(sender, "name", path, limit=200)
    given = sender.get("first_name") or sender.get("last_name")
    person = {} if given else split_name(name)  # names given apart win over a name to split
    for key, field, limit in (
        ("first_name", "first_name", 100),
        ("last_name", "last_name", 100),
        ("email", "email", 254),
        ("phone", "phone", 40),
        ("company", "company_name", 200),
    ):
        value = reader.text(sender, key, path, limit=limit)
        if value:
            person[field] = value
    messenger = _messenger(reader, sender.get("messenger"), f"{path}.messenger")
    if not person and not messenger:
        reader.fail(path, DeliveryError.REQUIRED, _("Say who wrote: a name, an email, a phone or a messenger id."))
    return person, messenger


def _messenger(reader: PayloadReader, data: Any, path: str) -> dict[str, str]:
    if data is None:
        return {}
    ids = reader.obj(data, path) or {}
    out = {}
    for key in ids:
        if not isinstance(key, str) or not MESSENGER_KEY.match(key):
            reader.fail(path, DeliveryError.INVALID, _("Messenger names are lower-case letters, digits and _."))
            continue
        value = reader.text(ids, key, path, limit=200)
        if value:
            out[key] = value
    return out


def _data(reader: PayloadReader, data: Any, path: str) -> dict[str, Any]:
    if data is None:
        return {}
    extra = reader.obj(data, path) or {}
    if len(json.dumps(extra, ensure_ascii=False)) > DATA_LIMIT:
        reader.fail(path, "too_long", _("At most %(count)d characters of JSON.") % {"count": DATA_LIMIT})
        return {}
    return extra


def _at(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key
