"""Call events from a phone system, in Funil's call format (docs/intake-webhooks.md):

    {"event": "missed", "call_id": "c-81", "from": "(81) 99999-0000", "to": "+55 81 3030-0000",
     "direction": "in", "duration": 0, "recording_url": "https://...", "caller_name": "Maria Silva",
     "occurred_at": "2026-05-04T13:45:00Z"}

or several at once as {"events": [...]}. Each event is one delivery, keyed by call id and event.
"""

from typing import Any

from django.utils.translation import gettext as _

from funil.activities.models import Kind
from funil.intake.capture import Channel, Incoming, IncomingActivity

from ..errors import DeliveryError
from ..models import Integration
from ..people import split_name
from .common import Parsed, PayloadReader, with_source

EVENTS = ("incoming", "missed", "answered", "ended")
SUBJECTS = {
    ("in", "incoming"): "Incoming call",
    ("in", "missed"): "Missed call",
    ("out", "incoming"): "Outgoing call",
    ("out", "missed"): "Outgoing call not answered",
}


def read(data: Any, integration: Integration) -> Parsed:
    reader = PayloadReader()
    root = reader.obj(data, "")
    reader.raise_if_errors()
    assert root is not None
    if "events" in root:
        events = [(f"events[{i}]", e) for i, e in enumerate(reader.items(root["events"], "events"))]
    else:
        events = [("", root)]
    items = [_event(reader, event, path, integration) for path, event in events]
    reader.raise_if_errors()
    return Parsed(items=[item for item in items if item is not None])


def _event(reader: PayloadReader, data: Any, path: str, integration: Integration) -> Incoming | None:
    event = reader.obj(data, path or "body")
    if event is None:
        return None
    errors_before = len(reader.errors)
    kind = reader.text(event, "event", path, required=True, limit=20).lower()
    if kind and kind not in EVENTS:
        reader.fail(
            _at(path, "event"),
            DeliveryError.INVALID,
            _("Must be one of: %(choices)s.") % {"choices": ", ".join(EVENTS)},
        )
    call_id = reader.text(event, "call_id", path, required=True)
    direction = reader.text(event, "direction", path, limit=3).lower() or "in"
    if direction not in ("in", "out"):
        reader.fail(_at(path, "direction"), DeliveryError.INVALID, _("Must be in or out."))
    caller = reader.text(event, "from", path, required=direction == "in", limit=40)
    callee = reader.text(event, "to", path, required=direction == "out", limit=40)
    duration = reader.number(event, "duration", path)
    recording = _recording(reader, event, path)
    name = reader.text(event, "caller_name", path, limit=200)
    agent = reader.text(event, "agent", path, limit=200)
    occurred_at = reader.moment(event, "occurred_at", path)
    if len(reader.errors) > errors_before:
        return None
    number = caller if direction == "in" else callee
    activity = IncomingActivity(
        kind=Kind.CALL,
        subject=_subject(direction, kind, duration),
        direction=direction,
        channel="phone",
        occurred_at=occurred_at,
        payload={
            "provider": "call",
            "event": kind,
            "call_id": call_id,
            "from": caller,
            "to": callee,
            "duration": duration,
            "recording_url": recording,
            "agent": agent,
        },
    )
    person = with_source({"phone": number, **split_name(name)}, integration)
    return Incoming(channel=Channel.CALL, person=person, activity=activity, idempotency_key=f"{call_id}:{kind}")


def _recording(reader: PayloadReader, event: dict[str, Any], path: str) -> str:
    url = reader.text(event, "recording_url", path, limit=1000)
    if url and (not url.lower().startswith(("https://", "http://")) or any(c.isspace() for c in url)):
        reader.fail(_at(path, "recording_url"), DeliveryError.INVALID, _("Must be an http or https address."))
        return ""
    return url


def _subject(direction: str, event: str, duration: int | None) -> str:
    """Stored on the timeline as written, like every other timeline subject."""
    if event in ("answered", "ended"):
        text = "Call answered" if event == "answered" else "Call ended"
        if duration:
            text += f" ({duration // 60}:{duration % 60:02d})"
        return text
    return SUBJECTS.get((direction, event), "Call")


def _at(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key
