"""POST /in/mail/<integration>/: a raw RFC 822 message, as an MTA pipe or a mail provider delivers it.

Authenticated with the integration's secret: `Authorization: Bearer <secret>`, or `X-Funil-Signature:
sha256=<hex HMAC-SHA256 of the body>`. 404 unknown integration · 413 too large (before parsing) · 401 no valid
token or signature · 400 not a readable message · 422 refused by intake · 200 captured, replayed or ignored.
"""

import uuid

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from funil.core.errors import DomainError
from funil.intake.webhooks.endpoint import Refused, domain_error_response, not_found, read_body
from funil.intake.webhooks.errors import DeliveryError
from funil.intake.webhooks.models import IntegrationKind
from funil.intake.webhooks.selectors import endpoint_integration
from funil.intake.webhooks.services import delivery_noted
from funil.intake.webhooks.signing import authenticated

from .receive import mail_receive


def mail_limit() -> int:
    return int(getattr(settings, "FUNIL_INBOUND_MAIL_MAX_BYTES", 25 * 1024 * 1024))


@csrf_exempt
def inbound(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    integration = endpoint_integration(public_id, (IntegrationKind.EMAIL_GATEWAY,))
    if integration is None:
        return not_found()
    if request.method != "POST":
        return Refused(405, DeliveryError.METHOD, _("Messages are POSTed.")).response()
    try:
        raw = read_body(request, mail_limit())
        if not authenticated(integration, request.headers, raw):
            raise Refused(401, DeliveryError.SIGNATURE_INVALID, _("The token or signature does not match."))
    except Refused as exc:
        delivery_noted(integration, refused=1, error=exc.message)
        return exc.response()
    try:
        outcome = mail_receive(integration=integration, raw=raw)
    except DomainError as exc:  # counted by mail_receive
        return domain_error_response(exc)
    return JsonResponse(outcome.as_dict(), json_dumps_params={"ensure_ascii": False})
