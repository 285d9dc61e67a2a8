"""Which record each e-mail landed on, by Message-ID, so that a reply in the same thread lands there too."""

from django.db import models

from funil.core.models import WorkspaceScoped


class KnownMessage(WorkspaceScoped):
    """One e-mail's Message-ID and the lead, contact or deal its activity went onto."""

    message_id = models.CharField(max_length=255, help_text="Without angle brackets; long ones as a sha256 digest.")
    lead = models.ForeignKey("leads.Lead", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    contact = models.ForeignKey("contacts.Contact", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    deal = models.ForeignKey("deals.Deal", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    direction = models.CharField(max_length=3, default="in")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "message_id"], name="known_message_unique_id"),
        ]

    def __str__(self) -> str:
        return self.message_id

    @property
    def record(self) -> models.Model | None:
        return self.deal or self.contact or self.lead
