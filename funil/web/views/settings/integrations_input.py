"""What the integration forms post, read into the shape the integration services take, per kind."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from funil.intake.webhooks.models import Integration, IntegrationKind
from funil.intake.webhooks.settings_input import HIDDEN_SETTINGS, SETTING_FIELDS

from ...doors import Request

# What each kind is for, on the "add an integration" list.
KIND_HELP = {
    IntegrationKind.EMAIL_GATEWAY: _("Your mail server or mail provider posts each message it receives to Funil."),
    IntegrationKind.IMAP: _("Funil reads new messages from a mailbox every few minutes."),
    IntegrationKind.CALL: _("Your phone system tells Funil about incoming, missed and answered calls."),
    IntegrationKind.WHATSAPP: _("Messages to your WhatsApp Business number, through Meta's Cloud API."),
    IntegrationKind.TELEGRAM: _("Messages to your Telegram bot."),
    IntegrationKind.GENERIC: _("Any chat or messenger that can post JSON in Funil's documented format."),
}
IMAP_SECURITY = (("ssl", _("SSL/TLS")), ("starttls", _("STARTTLS")), ("none", _("None (local servers only)")))
FIELDS = ("name", "source")


def posted(request: Request, kind: str) -> dict[str, Any]:
    data: dict[str, Any] = {"name": request.POST.get("name", ""), "source": request.POST.get("source", "")}
    names = SETTING_FIELDS.get(kind, ())
    if names:
        data["settings"] = {name: request.POST.get(name, "") for name in names}
    return data


def shown_fields(kind: str) -> tuple[str, ...]:
    return (*FIELDS, *SETTING_FIELDS.get(kind, ()))


def form_values(integration: Integration) -> dict[str, Any]:
    """The edit form's values: hidden settings (passwords) are never sent back to the browser."""
    settings = {k: v for k, v in integration.settings.items() if k not in HIDDEN_SETTINGS}
    return {"name": integration.name, "source": integration.source_id or "", **settings}


def redisplayed(request: Request, kind: str) -> dict[str, Any]:
    """The refused form as it was typed, without its password."""
    values = {name: request.POST.get(name, "") for name in shown_fields(kind)}
    return {k: v for k, v in values.items() if k not in HIDDEN_SETTINGS}
