"""Workspace-edited reference data: products, lead sources, campaigns and custom field definitions."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from funil.core.models import Timestamped, WorkspaceScoped


class Product(WorkspaceScoped, Timestamped):
    ACCESS_ENTITY = "product"

    name = models.CharField(max_length=200)
    sku = models.CharField(max_length=64, blank=True)
    price = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    currency = models.CharField(max_length=3)
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "sku"], condition=~models.Q(sku=""), name="product_unique_sku")
        ]

    def __str__(self) -> str:
        return self.name


class SourceKind(models.TextChoices):
    MANUAL = "manual", _("Manual entry")
    WEB_FORM = "web_form", _("Web form")
    EMAIL = "email", _("Email")
    PHONE_CALL = "phone_call", _("Phone call")
    CHAT = "chat", _("Chat / messenger")
    IMPORT = "import", _("Import")
    REFERRAL = "referral", _("Referral")
    SOCIAL = "social", _("Social network")
    CAMPAIGN = "campaign", _("Campaign")
    OTHER = "other", _("Other")


class Source(WorkspaceScoped):
    """Where a lead came from; the workspace may rename, add or retire sources."""

    ACCESS_ENTITY = "settings"

    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=SourceKind.choices, default=SourceKind.OTHER)
    active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [models.UniqueConstraint(fields=["workspace", "name"], name="source_unique_name")]

    def __str__(self) -> str:
        return self.name


class Campaign(WorkspaceScoped, Timestamped):
    ACCESS_ENTITY = "settings"

    name = models.CharField(max_length=200)
    source = models.ForeignKey(Source, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    cost = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    currency = models.CharField(max_length=3)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "name"], name="campaign_unique_name"),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="campaign_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class FieldType(models.TextChoices):
    TEXT = "text", _("Text")
    NUMBER = "number", _("Number")
    DATE = "date", _("Date")
    CHOICE = "choice", _("Choice")
    MULTI_CHOICE = "multi_choice", _("Multiple choice")
    BOOLEAN = "boolean", _("Yes / no")


class CustomFieldEntity(models.TextChoices):
    LEAD = "lead", _("Lead")
    DEAL = "deal", _("Deal")
    CONTACT = "contact", _("Contact")
    COMPANY = "company", _("Company")


CHOICE_TYPES = {FieldType.CHOICE, FieldType.MULTI_CHOICE}


class CustomField(WorkspaceScoped):
    """A typed field a workspace adds to an entity; values live in the record's `custom_fields` JSON."""

    ACCESS_ENTITY = "settings"

    entity = models.CharField(max_length=10, choices=CustomFieldEntity.choices)
    key = models.SlugField(max_length=60)
    label = models.CharField(max_length=120)
    type = models.CharField(max_length=15, choices=FieldType.choices)
    choices = models.JSONField(default=list, blank=True)
    required = models.BooleanField(default=False)
    is_qualifier = models.BooleanField(default=False, help_text="Shown with the lead's qualifiers.")
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True, help_text="A retired field is hidden and takes no new values.")

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["workspace", "entity", "key"], name="customfield_unique_key")]

    def __str__(self) -> str:
        return self.label
