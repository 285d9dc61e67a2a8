"""Contacts (people) and companies: who the leads and deals are about."""

from django.db import models

from funil.core.fields import AddressFields, ChannelFields, ConsentFields, OwnedFields, PersonFields
from funil.core.models import Timestamped, Versioned, WorkspaceScoped


class Company(WorkspaceScoped, OwnedFields, AddressFields, Timestamped, Versioned):
    ACCESS_ENTITY = "company"

    name = models.CharField(max_length=200)
    domain = models.CharField(max_length=200, blank=True, help_text="Email/website domain, lower-case.")
    website = models.CharField(max_length=300, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    phone_e164 = models.CharField(max_length=20, blank=True)
    industry = models.CharField(max_length=120, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True, help_text="Number of employees.")
    custom_fields = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name_plural = "companies"
        indexes = [
            models.Index(fields=["workspace", "name"], name="company_ws_name"),
            models.Index(fields=["workspace", "domain"], name="company_ws_domain"),
        ]

    def __str__(self) -> str:
        return self.name


class Lifecycle(models.TextChoices):
    LEAD = "lead", "Lead"
    CUSTOMER = "customer", "Customer"
    INACTIVE = "inactive", "Inactive customer"


class Contact(
    WorkspaceScoped, OwnedFields, PersonFields, ChannelFields, AddressFields, ConsentFields, Timestamped, Versioned
):
    ACCESS_ENTITY = "contact"

    company = models.ForeignKey(Company, on_delete=models.SET_NULL, null=True, blank=True, related_name="contacts")
    lifecycle = models.CharField(max_length=10, choices=Lifecycle.choices, default=Lifecycle.LEAD)
    language = models.CharField(max_length=10, blank=True)
    custom_fields = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["workspace", "email_normalized"], name="contact_ws_email"),
            models.Index(fields=["workspace", "phone_e164"], name="contact_ws_phone"),
            models.Index(fields=["workspace", "mobile_e164"], name="contact_ws_mobile"),
            models.Index(fields=["workspace", "last_name", "first_name"], name="contact_ws_name"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email or f"Contact {self.pk}"
