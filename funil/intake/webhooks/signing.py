"""Is this delivery from the sender the integration trusts? HMAC-SHA256 signatures and bearer tokens.

Every comparison is constant-time, and a secret replaced by a rotation is still accepted until its grace ends.
"""

import hashlib
import hmac
from collections.abc import Mapping

from django.utils import timezone

from .models import Integration, IntegrationKind

SIGNATURE_HEADER = "X-Funil-Signature"  # "sha256=<hex of HMAC-SHA256(secret, raw body)>"
META_SIGNATURE_HEADER = "X-Hub-Signature-256"  # WhatsApp Cloud API, signed with the Meta app secret
TELEGRAM_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # the secret_token given to Telegram's setWebhook


def sign(secret: str, body: bytes) -> str:
    """The header value a sender computes: `sha256=` and the hex HMAC-SHA256 of the raw body."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def current_secrets(integration: Integration) -> list[str]:
    keys = [integration.secret] if integration.secret else []
    until = integration.previous_secret_until
    if integration.previous_secret and until is not None and until > timezone.now():
        keys.append(integration.previous_secret)
    return keys


def signature_matches(header: str, body: bytes, keys: list[str]) -> bool:
    given = header.strip().lower().removeprefix("sha256=").encode("ascii", "replace")
    found = False
    for key in keys:  # every key is tried, so the time taken does not say which one matched
        found |= hmac.compare_digest(sign(key, body)[7:].encode(), given)
    return found


def token_matches(token: str, keys: list[str]) -> bool:
    given = token.strip().encode("utf-8", "replace")
    found = False
    for key in keys:
        found |= hmac.compare_digest(key.encode(), given)
    return bool(given) and found


def authenticated(integration: Integration, headers: Mapping[str, str], body: bytes) -> bool:
    """Whether the request carries proof of the integration's secret, in a form its kind accepts."""
    keys = current_secrets(integration)
    if not keys:
        return False
    if SIGNATURE_HEADER in headers:
        return signature_matches(headers[SIGNATURE_HEADER], body, keys)
    kind = integration.kind
    if kind == IntegrationKind.EMAIL_GATEWAY:
        scheme, _, token = headers.get("Authorization", "").partition(" ")
        return scheme.lower() == "bearer" and token_matches(token, keys)
    if kind == IntegrationKind.WHATSAPP and META_SIGNATURE_HEADER in headers:
        app_secret = str(integration.settings.get("app_secret") or "")
        return signature_matches(headers[META_SIGNATURE_HEADER], body, [app_secret] if app_secret else keys)
    if kind == IntegrationKind.TELEGRAM:
        return token_matches(headers.get(TELEGRAM_HEADER, ""), keys)
    return False
