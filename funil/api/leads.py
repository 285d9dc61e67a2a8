"""`POST /api/v1/leads`: the API channel of intake. The body is the lead's fields as JSON, plus optional
`messenger` ({"whatsapp": "+55...", "telegram": "123"}) and `activity` ({"kind", "subject", "body"}).

201 with the capture's result (created, attached, repeat or flagged), 200 with the first result when an
`Idempotency-Key` is sent again, 422 with every bad field and its code, 400 for a body that is not a JSON
object, 413 for a body over 64 KB (refused before it is read), 401 without a valid key or session.
"""

import json
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import Router

from funil.core.errors import DomainError, FieldError, ValidationFailed
from funil.intake.capture import Channel, Incoming, IncomingActivity, Outcome, lead_capture

from .auth import actor_of

router = Router(tags=["leads"])

MAX_BODY = 64 * 1024
MAX_KEY = 255
RESERVED = ("messenger", "activity")


class PayloadTooLarge(DomainError):
    status = 413


_TEXT = {"type": "string"}
BODY_SCHEMA = {
    "type": "object",
    "description": "Lead fields as sent (any lead field may be given); every bad one is reported with a code.",
    "properties": {
        **{name: _TEXT for name in ("first_name", "last_name", "full_name", "email", "phone", "mobile")},
        **{name: _TEXT for name in ("company_name", "title", "website", "country", "city", "source", "campaign")},
        "messenger": {"type": "object", "additionalProperties": _TEXT, "example": {"whatsapp": "+5581988887777"}},
        "activity": {
            "type": "object",
            "properties": {name: _TEXT for name in ("kind", "subject", "body", "direction", "channel")},
        },
    },
}


@router.post(
    "",
    summary="Capture a lead (new, attached to the person it already is, or flagged)",
    openapi_extra={
        "requestBody": {"required": True, "content": {"application/json": {"schema": BODY_SCHEMA}}},
        "parameters": [{"in": "header", "name": "Idempotency-Key", "required": False, "schema": _TEXT}],
    },
)
def capture(request: HttpRequest) -> JsonResponse:
    actor = actor_of(request)
    data = _read_json(request)
    key = request.headers.get("Idempotency-Key", "").strip()
    if len(key) > MAX_KEY:
        raise ValidationFailed.single(
            "Idempotency-Key", "idempotency_key_invalid", _("At most %(count)d characters.") % {"count": MAX_KEY}
        )
    incoming = Incoming(
        channel=Channel.API,
        person={k: v for k, v in data.items() if k not in RESERVED},
        messenger=data.get("messenger") or {},
        activity=_activity(data.get("activity")),
        # Keys are each client's own (often its row ids): one member's key never replays another's result.
        idempotency_key=f"{actor.user.pk}:{key}" if key and actor.user else key,
    )
    result = lead_capture(actor=actor, incoming=incoming)
    return JsonResponse(result.as_dict(), status=200 if result.outcome == Outcome.REPLAYED else 201)


def _read_json(request: HttpRequest) -> dict[str, Any]:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = MAX_BODY + 1
    if length > MAX_BODY:
        raise PayloadTooLarge(
            "payload_too_large", _("The body is over %(size)d KB.") % {"size": MAX_BODY // 1024}, field="body"
        )
    try:
        data = json.loads(request.body or b"null")
    except (ValueError, RecursionError):
        raise DomainError("json_invalid", _("The body is not valid JSON."), field="body") from None
    if not isinstance(data, dict):
        raise DomainError("body_invalid", _("Send the lead as a JSON object of fields."), field="body")
    return data


def _activity(value: Any) -> IncomingActivity | None:
    """An optional message or note that came with the lead (a chat message, a call) for its timeline."""
    if value is None:
        return None
    texts = ("kind", "subject", "body", "direction", "channel")
    if not isinstance(value, dict) or set(value) - set(texts) or not all(isinstance(v, str) for v in value.values()):
        raise ValidationFailed(
            [FieldError("activity", "activity_invalid", _("An object of kind, subject, body, direction, channel."))]
        )
    return IncomingActivity(
        kind=value.get("kind", "note"),
        subject=value.get("subject", ""),
        body=value.get("body", ""),
        direction=value.get("direction", "in"),
        channel=value.get("channel", "api"),
    )
