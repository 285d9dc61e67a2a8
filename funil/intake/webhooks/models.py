"""Integrations: the doors outside systems knock on (an email gateway, an IMAP mailbox, a phone system, WhatsApp,
Telegram, any JSON sender), each with its own secret, settings and delivery counters."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from funil.core.models import Timestamped, WorkspaceScoped


class IntegrationKind(models.TextChoices):
    EMAIL_GATEWAY = "email_gateway", _("Email gateway (HTTP)")
    IMAP = "imap", _("IMAP mailbox")
    CALL = "call", _("Phone calls")
    WHATSAPP = "whatsapp", _("WhatsApp Business")
    TELEGRAM = "telegram", _("Telegram bot")
    GENERIC = "generic", _("Generic JSON messages")


# Kinds served by /in/hooks/<id>/; the email gateway is /in/mail/<id>/; IMAP is polled and has no endpoint.
HOOK_KINDS = (IntegrationKind.CALL, IntegrationKind.WHATSAPP, IntegrationKind.TELEGRAM, IntegrationKind.GENERIC)


class Integration(WorkspaceScoped, Timestamped):
    """One configured channel. The secret signs (HMAC-SHA256) or authenticates (bearer) what it delivers; it is
    shown to the admin once, when created or rotated, and kept only because verifying an HMAC needs it."""

    ACCESS_ENTITY = "settings"

    # The endpoint's address: random, so integrations cannot be counted or guessed from their URLs.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=20, choices=IntegrationKind.choices)
    name = models.CharField(max_length=120)
    active = models.BooleanField(default=True)
    secret = models.CharField(max_length=200, blank=True)
    secret_hint = models.CharField(max_length=8, blank=True, help_text="The secret's last characters, to tell it.")
    secret_rotated_at = models.DateTimeField(null=True, blank=True)
    # After a rotation the old secret keeps working for a while, so senders can switch without losing deliveries.
    previous_secret = models.CharField(max_length=200, blank=True)
    previous_secret_until = models.DateTimeField(null=True, blank=True)
    settings = models.JSONField(default=dict, blank=True, help_text="IMAP server, WhatsApp verify token...")
    source = models.ForeignKey("catalog.Source", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    received_count = models.PositiveIntegerField(default=0)
    captured_count = models.PositiveIntegerField(default=0)
    refused_count = models.PositiveIntegerField(default=0)
    last_received_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace", "name"], name="integration_unique_name")]
        indexes = [models.Index(fields=["kind", "active"], name="integration_kind_active")]

    def __str__(self) -> str:
        return self.name
