"""POST /in/hooks/<integration>/: signed call, WhatsApp, Telegram and generic JSON deliveries.

404 unknown or inactive integration · 413 too large (judged before parsing) · 401 bad signature or token ·
400 unreadable payload · 422 a delivery refused by intake (field errors per delivery) · 200 all captured.
GET answers WhatsApp's subscription challenge.
"""

import re
import uuid

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from .delivery import hook_deliver
from .endpoint import Refused, domain_error_response, not_found, parse_json, read_body
from .errors import DeliveryError, Malformed
from .formats import READERS
from .models import HOOK_KINDS, Integration, IntegrationKind
from .selectors import endpoint_integration
from .services import delivery_noted
from .signing import authenticated, token_matches

MAX_ITEMS = 100  # deliveries per body: each is its own capture, and the sender waits for all of them
CHALLENGE = re.compile(r"^[A-Za-z0-9_.-]{1,200}$")


def hook_limit() -> int:
    return int(getattr(settings, "FUNIL_WEBHOOK_MAX_BYTES", 512 * 1024))


@csrf_exempt
def hook(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    integration = endpoint_integration(public_id, HOOK_KINDS)
    if integration is None:
        return not_found()
    if request.method == "GET":
        return _verification(request, integration)
    if request.method != "POST":
        return Refused(405, DeliveryError.METHOD, _("Deliveries are POSTed.")).response()
    try:
        body = read_body(request, hook_limit())
        if not authenticated(integration, request.headers, body):
            raise Refused(401, DeliveryError.SIGNATURE_INVALID, _("The signature or token does not match."))
        parsed = READERS[integration.kind](parse_json(body), integration)
        if len(parsed.items) > MAX_ITEMS:
            raise Malformed.single(
                "", DeliveryError.TOO_MANY, _("At most %(count)d deliveries per body.") % {"count": MAX_ITEMS}
            )
    except Refused as exc:
        delivery_noted(integration, refused=1, error=exc.message)
        return exc.response()
    except Malformed as exc:
        delivery_noted(integration, refused=1, error=exc.message)
        return domain_error_response(exc)
    results = hook_deliver(integration=integration, items=parsed.items)
    ok = all(r.error is None for r in results)
    answer = {"ok": ok, "results": [r.as_dict() for r in results], "ignored": parsed.ignored}
    return JsonResponse(answer, status=200 if ok else 422, json_dumps_params={"ensure_ascii": False})


def _verification(request: HttpRequest, integration: Integration) -> HttpResponse:
    """Meta's subscription check: echo hub.challenge when hub.verify_token is the integration's verify token."""
    if integration.kind != IntegrationKind.WHATSAPP:
        return Refused(405, DeliveryError.METHOD, _("Deliveries are POSTed.")).response()
    expected = str(integration.settings.get("verify_token") or "")
    token = request.GET.get("hub.verify_token", "")
    challenge = request.GET.get("hub.challenge", "")
    if request.GET.get("hub.mode") != "subscribe" or not expected or not token_matches(token, [expected]):
        return Refused(403, DeliveryError.VERIFY_TOKEN, _("The verify token does not match.")).response()
    if not CHALLENGE.match(challenge):
        return Refused(400, DeliveryError.MALFORMED, _("The challenge is missing or not plain text.")).response()
    return HttpResponse(challenge, content_type="text/plain")
