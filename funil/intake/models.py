"""What intake remembers: deliveries already handled (replay safety), messenger identities, possible duplicates."""

from django.db import models

from funil.core.models import WorkspaceScoped


class Delivery(WorkspaceScoped):
    """One handled delivery, by its idempotency key: a replay returns `result` and creates nothing."""

    channel = models.CharField(max_length=20)
    key = models.CharField(max_length=200)
    result = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace", "channel", "key"], name="delivery_unique_key")]
        indexes = [models.Index(fields=["created_at"], name="delivery_created")]


class Identity(WorkspaceScoped):
    """A messenger id (WhatsApp number, Telegram user id...) known to belong to a lead or a contact."""

    kind = models.CharField(max_length=20)
    value = models.CharField(max_length=200)
    lead = models.ForeignKey("leads.Lead", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    contact = models.ForeignKey("contacts.Contact", on_delete=models.CASCADE, null=True, blank=True, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["workspace", "kind", "value"], name="identity_lookup")]


class DuplicateFlag(WorkspaceScoped):
    """A lead that may be the same person as another lead or a contact, with the reason and confidence."""

    lead = models.ForeignKey("leads.Lead", on_delete=models.CASCADE, related_name="duplicate_flags")
    other_lead = models.ForeignKey("leads.Lead", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    other_contact = models.ForeignKey(
        "contacts.Contact", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(max_length=20)
    label = models.CharField(max_length=200)
    confidence = models.FloatField()
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["workspace", "resolved_at", "lead"], name="duplicate_open")]
