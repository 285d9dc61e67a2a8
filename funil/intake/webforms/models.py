"""A web form a workspace publishes, and the shared counters its rate limits are kept in."""

import secrets

from django.db import models

from funil.core.models import Timestamped, WorkspaceScoped


def new_public_id() -> str:
    """The form's address: random, so forms cannot be enumerated from their ids."""
    return secrets.token_urlsafe(12)


class WebForm(WorkspaceScoped, Timestamped):
    ACCESS_ENTITY = "settings"

    name = models.CharField(max_length=200)
    public_id = models.CharField(max_length=32, unique=True, default=new_public_id, editable=False)
    active = models.BooleanField(default=True)
    # In display order: [{"key": "email", "required": true, "labels": {"en": "", "pt-br": "", "es": ""}}].
    # An empty label shows the field's default label in the visitor's language.
    fields = models.JSONField(default=list, blank=True)
    consent_enabled = models.BooleanField(default=False)
    consent_required = models.BooleanField(default=False)
    consent_text = models.JSONField(default=dict, blank=True)  # {language: text}
    thank_you = models.JSONField(default=dict, blank=True)  # {language: text}
    redirect_url = models.CharField(max_length=500, blank=True)
    source = models.ForeignKey("catalog.Source", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    campaign = models.ForeignKey("catalog.Campaign", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    allowed_origins = models.JSONField(default=list, blank=True)  # ["https://www.example.com"], or ["*"]
    # Anti-spam; a limit of 0 means no limit.
    min_fill_seconds = models.PositiveSmallIntegerField(default=3)
    ip_limit_per_hour = models.PositiveIntegerField(default=20)
    form_limit_per_minute = models.PositiveIntegerField(default=120)
    # Bumped by one UPDATE at the end of each submission's transaction (see submission._count).
    submissions = models.PositiveBigIntegerField(default=0)
    leads = models.PositiveBigIntegerField(default=0)
    spam = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace", "name"], name="webform_unique_name")]

    def __str__(self) -> str:
        return self.name


class RateCounter(models.Model):
    """Submissions per key (a form, an IP address) in one fixed time window; shared by every server process."""

    key = models.CharField(max_length=120)
    window_start = models.BigIntegerField()  # epoch seconds
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window_start"], name="ratecounter_key_window")]
        indexes = [models.Index(fields=["window_start"], name="ratecounter_window")]

    def __str__(self) -> str:
        return f"{self.key} @ {self.window_start}: {self.count}"
