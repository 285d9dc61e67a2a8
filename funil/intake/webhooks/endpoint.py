"""What the public intake endpoints share: a bounded read of the raw body, and JSON answers with codes.

The size is judged before anything is parsed: first the announced Content-Length, then the bytes actually read.
"""

import json
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _

from funil.core.errors import DomainError, FieldError

from .errors import DeliveryError, Malformed


class Refused(Exception):
    """A delivery refused before it reached intake: unknown address, too large, not authenticated."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, str(code), message

    def response(self) -> JsonResponse:
        return error_response(self.status, {"code": self.code, "message": self.message})


def error_response(status: int, body: dict[str, Any]) -> JsonResponse:
    return JsonResponse({"ok": False, **body}, status=status, json_dumps_params={"ensure_ascii": False})


def domain_error_response(exc: DomainError) -> JsonResponse:
    """A refusal of the payload: 400 when it cannot be read, 422 when a field's value is refused."""
    status = exc.status if exc.status in (400, 422) else 422
    return error_response(status, exc.as_dict())


def not_found() -> JsonResponse:
    return Refused(404, DeliveryError.NOT_FOUND, _("No active integration at this address.")).response()


def too_large(limit: int) -> Refused:
    return Refused(413, DeliveryError.TOO_LARGE, _("The payload is larger than %(size)d KB.") % {"size": limit // 1024})


def read_body(request: HttpRequest, limit: int) -> bytes:
    """The raw body, at most `limit` bytes; a larger one is refused with 413 without being read in full."""
    announced = request.META.get("CONTENT_LENGTH") or ""
    if announced:
        if not announced.isdigit():
            raise Refused(400, DeliveryError.MALFORMED, _("The Content-Length header is not a number."))
        if int(announced) > limit:
            raise too_large(limit)
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = request.read(min(64 * 1024, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > limit:
        raise too_large(limit)
    return b"".join(chunks)


def parse_json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (ValueError, RecursionError):  # bad JSON, bad UTF-8, or nesting deep enough to exhaust the stack
        raise Malformed([FieldError("", DeliveryError.MALFORMED, _("The body is not valid JSON."))]) from None
