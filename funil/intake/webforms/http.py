"""The HTTP side of the public endpoint: who may post (CORS), reading a bounded body, the visitor's address."""

import ipaddress
import json
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _

from funil.core.errors import DomainError

from .errors import WebFormError
from .models import WebForm
from .services import normalize_origin

MAX_BODY_BYTES = 64 * 1024  # thirty fields of text fit many times over
PREFLIGHT_MAX_AGE = "600"


class Refused(DomainError):
    """A request refused before its content is looked at: wrong origin, too big, unreadable."""

    def __init__(self, code: str, message: str, status: int) -> None:
        super().__init__(code, message)
        self.status = status


def origin_allowed(request: HttpRequest, form: WebForm) -> bool:
    """No Origin header (not a browser's cross-site request), this site itself, or a listed origin."""
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    if urlsplit(origin).netloc == request.get_host():
        return True
    return "*" in form.allowed_origins or normalize_origin(origin) in form.allowed_origins


def cors(response: HttpResponse, request: HttpRequest, form: WebForm | None) -> HttpResponse:
    """Let a listed origin's page read the answer; every answer varies by Origin."""
    response["Vary"] = "Origin" if not response.has_header("Vary") else f"{response['Vary']}, Origin"
    origin = request.headers.get("Origin")
    if form is not None and origin and urlsplit(origin).netloc != request.get_host() and origin_allowed(request, form):
        response["Access-Control-Allow-Origin"] = origin
    return response


def preflight(request: HttpRequest, form: WebForm) -> HttpResponse:
    """Answer a browser's OPTIONS check: only a listed origin learns it may POST here."""
    origin = request.headers.get("Origin")
    if not origin or not origin_allowed(request, form):
        return HttpResponse(status=403)
    response = HttpResponse(status=204)
    response["Access-Control-Allow-Origin"] = origin
    response["Access-Control-Allow-Methods"] = "POST"
    response["Access-Control-Allow-Headers"] = "Content-Type, Accept"
    response["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
    response["Vary"] = "Origin"
    return response


def wants_json(request: HttpRequest) -> bool:
    return request.content_type == "application/json" or "application/json" in request.headers.get("Accept", "")


def read_values(request: HttpRequest) -> dict[str, Any]:
    """The posted fields, from a size-checked body: form-encoded, multipart or JSON. Refused before parsing
    when the declared or actual size is over the limit."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise Refused(WebFormError.MALFORMED, _("Content-Length is not a number."), 400) from None
    if declared < 0:
        raise Refused(WebFormError.MALFORMED, _("Content-Length is not a number."), 400)
    if declared > MAX_BODY_BYTES:
        raise _too_big()
    try:
        body = request.body  # Django reads no further than the Content-Length just checked
    except (OSError, RequestDataTooBig):
        raise _too_big() from None
    if len(body) > MAX_BODY_BYTES:
        raise _too_big()
    kind = request.content_type or "application/x-www-form-urlencoded"
    if kind == "application/json":
        return _json(body)
    try:
        if kind == "application/x-www-form-urlencoded":
            data = QueryDict(body, encoding=request.encoding or "utf-8")
        elif kind == "multipart/form-data":
            data = request.POST  # parsed from the body already read; files are ignored
        else:
            data = None
    except (TooManyFieldsSent, RequestDataTooBig):
        raise _too_big() from None
    except MultiPartParserError:
        raise Refused(WebFormError.MALFORMED, _("The form data cannot be read."), 400) from None
    if data is not None:
        return {key: items[0] if len(items) == 1 else items for key, items in data.lists()}
    raise Refused(
        WebFormError.UNSUPPORTED_MEDIA_TYPE,
        _("Send the form as application/x-www-form-urlencoded, multipart/form-data or application/json."),
        415,
    )


def _json(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise Refused(WebFormError.MALFORMED, _("The body is not valid JSON."), 400) from None
    if not isinstance(data, dict):
        raise Refused(WebFormError.MALFORMED, _("Send a JSON object of field: value."), 400)
    return data


def _too_big() -> Refused:
    return Refused(
        WebFormError.PAYLOAD_TOO_LARGE,
        _("The submission is larger than %(size)d KB.") % {"size": MAX_BODY_BYTES // 1024},
        413,
    )


def _trusted(raw: str) -> bool:
    try:
        address = ipaddress.ip_address(raw.strip())
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(net, strict=False) for net in settings.FUNIL_TRUSTED_PROXIES)


def _visitor_address(request: HttpRequest) -> str:
    """REMOTE_ADDR, or behind trusted proxies the right-most X-Forwarded-For entry that is not one of them
    (entries to its left are whatever the client wrote, so they are never believed)."""
    raw = request.META.get("REMOTE_ADDR", "") or ""
    if not settings.FUNIL_TRUSTED_PROXIES or not _trusted(raw):
        return raw
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    for hop in reversed(hops):
        if not _trusted(hop):
            return hop
    return raw


def client_ip(request: HttpRequest) -> str:
    """The address rate limits count by; an IPv6 visitor by its /64 network, which one household holds."""
    raw = _visitor_address(request)
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw[:45]
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def json_error(exc: DomainError, status: int, **extra: Any) -> JsonResponse:
    return JsonResponse({**exc.as_dict(), **extra}, status=status, json_dumps_params={"ensure_ascii": False})
