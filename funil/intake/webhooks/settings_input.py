"""Reading an integration's kind-specific settings: an IMAP server, a WhatsApp verify token and app secret."""

import secrets
from typing import Any

from django.utils.translation import gettext as _

from funil.core.inputs import InputReader

from .errors import IntegrationError
from .models import Integration, IntegrationKind

IMAP_SECURITY = ("ssl", "starttls", "none")
SETTING_FIELDS: dict[str, tuple[str, ...]] = {
    IntegrationKind.IMAP: ("host", "port", "username", "password", "folder", "security"),
    IntegrationKind.WHATSAPP: ("verify_token", "app_secret"),
}
# Never shown back, never written to the audit trail; left empty on an edit, the stored value stays.
HIDDEN_SETTINGS = ("password", "app_secret")


def read_settings(reader: InputReader, kind: str, raw: Any, integration: Integration | None) -> None:
    """Put the kind's settings, merged over the stored ones, in reader.values["settings"]; errors per field."""
    if not isinstance(raw, dict):
        reader.fail("settings", IntegrationError.SETTING_INVALID, _("Settings must be an object of name: value."))
        return
    allowed = SETTING_FIELDS.get(kind, ())
    for name in sorted(set(raw) - set(allowed)):
        reader.fail(name, IntegrationError.SETTING_INVALID, _("This kind of integration has no such setting."))
    stored = dict(integration.settings) if integration else {}
    values = {name: _text(raw[name]) for name in allowed if name in raw}
    for name in HIDDEN_SETTINGS:
        if name in values and not values[name] and name in stored:
            values.pop(name)  # an empty password box keeps the password
    merged = {**stored, **values}
    if kind == IntegrationKind.IMAP:
        _imap(reader, merged)
    elif kind == IntegrationKind.WHATSAPP:
        merged["verify_token"] = merged.get("verify_token") or secrets.token_urlsafe(16)
        _lengths(reader, merged, {"verify_token": 200, "app_secret": 200})
    reader.values["settings"] = merged


def _text(value: Any) -> str:
    return str(value if value is not None else "").replace("\x00", "").strip()


def _imap(reader: InputReader, settings: dict[str, Any]) -> None:
    settings["security"] = settings.get("security") or "ssl"
    settings["folder"] = settings.get("folder") or "INBOX"
    if settings["security"] not in IMAP_SECURITY:
        reader.fail("security", IntegrationError.SETTING_INVALID, _("Choose SSL/TLS, STARTTLS or none."))
    for name in ("host", "username", "password"):
        if not settings.get(name):
            reader.fail(name, IntegrationError.SETTING_REQUIRED, _("This is required for an IMAP mailbox."))
    if any(c.isspace() or c in "/@" for c in str(settings.get("host", ""))):
        reader.fail("host", IntegrationError.SETTING_INVALID, _("A host name such as imap.example.com."))
    default_port = 993 if settings["security"] == "ssl" else 143
    port = str(settings.get("port") or default_port)
    if not port.isdigit() or not 1 <= int(port) <= 65535:
        reader.fail("port", IntegrationError.SETTING_INVALID, _("A port is a number from 1 to 65535."))
    else:
        settings["port"] = int(port)
    _lengths(reader, settings, {"host": 255, "username": 255, "password": 255, "folder": 200})


def _lengths(reader: InputReader, settings: dict[str, Any], limits: dict[str, int]) -> None:
    for name, limit in limits.items():
        if len(str(settings.get(name) or "")) > limit:
            reader.fail(name, "too_long", _("At most %(count)d characters.") % {"count": limit})


def public_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """What may be shown or audited: hidden settings only say whether they are set."""
    return {k: (bool(v) if k in HIDDEN_SETTINGS else v) for k, v in settings.items()}
