"""Contacts (people) and companies: who the leads and deals are about."""

from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils.translation import gettext_lazy as _

from funil.core.fields import AddressFields, ChannelFields, ConsentFields, OwnedFields, PersonFields
from funil.core.models import Timestamped, Versioned, WorkspaceScoped
from funil.core.search import search_blob


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
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        verbose_name_plural = "companies"
        indexes = [
            GinIndex(fields=["search_text"], opclasses=["gin_trgm_ops"], name="company_search_trgm"),
            models.Index(fields=["workspace", "name"], name="company_ws_name"),
            models.Index(fields=["workspace", "domain"], name="company_ws_domain"),
            models.Index(fields=["workspace", "-created_at", "-id"], name="company_ws_created"),
        ]

    def __str__(self) -> str:
        return self.name

    def refresh_search_text(self) -> None:
        self.search_text = search_blob(self.name, self.domain, self.phone_e164)


class Lifecycle(models.TextChoices):
    LEAD = "lead", _("Lead")
    CUSTOMER = "customer", _("Customer")
    INACTIVE = "inactive", _("Inactive customer")


class Contact(
    WorkspaceScoped, OwnedFields, PersonFields, ChannelFields, AddressFields, ConsentFields, Timestamped, Versioned
):
    ACCESS_ENTITY = "contact"

    company = models.ForeignKey(Company, on_delete=models.SET_NULL, null=True, blank=True, related_name="contacts")
    lifecycle = models.CharField(max_length=10, choices=Lifecycle.choices, default=Lifecycle.LEAD)
    language = models.CharField(max_length=10, blank=True)
    custom_fields = models.JSONField(default=dict, blank=True)
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        indexes = [
            GinIndex(fields=["search_text"], opclasses=["gin_trgm_ops"], name="contact_search_trgm"),
            models.Index(fields=["workspace", "email_normalized"], name="contact_ws_email"),
            models.Index(fields=["workspace", "phone_e164"], name="contact_ws_phone"),
            models.Index(fields=["workspace", "mobile_e164"], name="contact_ws_mobile"),
            models.Index(fields=["workspace", "last_name", "first_name"], name="contact_ws_name"),
            models.Index(fields=["workspace", "-created_at", "-id"], name="contact_ws_created"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email or f"Contact {self.pk}"

    def refresh_search_text(self) -> None:
        company = self.company.name if self.company_id and self.company else ""
        self.search_text = search_blob(
            self.first_name, self.last_name, company, self.email_normalized, self.phone_e164, self.mobile_e164
        )
