"""Deals: opportunities with an amount, moving through a deal pipeline to won or lost."""

from django.contrib.postgres.indexes import OpClass
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import pgettext_lazy

from funil.core.fields import OwnedFields
from funil.core.indexes import PortableGinIndex
from funil.core.models import Timestamped, Versioned, WorkspaceScoped


class DealStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("deal status", "Open")
    WON = "won", pgettext_lazy("deal status", "Won")
    LOST = "lost", pgettext_lazy("deal status", "Lost")


class Deal(WorkspaceScoped, OwnedFields, Timestamped, Versioned):
    ACCESS_ENTITY = "deal"

    title = models.CharField(max_length=200)
    amount = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    currency = models.CharField(max_length=3)
    pipeline = models.ForeignKey("pipelines.Pipeline", on_delete=models.PROTECT, related_name="+")
    stage = models.ForeignKey("pipelines.Stage", on_delete=models.PROTECT, related_name="+")
    probability = models.PositiveSmallIntegerField(default=0)
    expected_close_date = models.DateField(null=True, blank=True)
    contact = models.ForeignKey(
        "contacts.Contact", on_delete=models.SET_NULL, null=True, blank=True, related_name="deals"
    )
    company = models.ForeignKey(
        "contacts.Company", on_delete=models.SET_NULL, null=True, blank=True, related_name="deals"
    )
    lead = models.ForeignKey("leads.Lead", on_delete=models.SET_NULL, null=True, blank=True, related_name="deals")
    source = models.ForeignKey("catalog.Source", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    campaign = models.ForeignKey(
        "catalog.Campaign", on_delete=models.SET_NULL, null=True, blank=True, related_name="deals"
    )
    status = models.CharField(max_length=5, choices=DealStatus.choices, default=DealStatus.OPEN)
    lost_reason = models.ForeignKey(
        "pipelines.CloseReason", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lost_note = models.TextField(blank=True)
    next_followup_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    custom_fields = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        indexes = [
            models.Index(fields=["workspace", "owner", "status", "stage"], name="deal_ws_owner_status_stage"),
            models.Index(fields=["workspace", "stage", "-created_at"], name="deal_ws_stage_created"),
            models.Index(fields=["workspace", "-created_at", "-id"], name="deal_ws_created"),
            # Title search is `icontains`, i.e. UPPER(title) LIKE: a trigram index on that expression serves it.
            PortableGinIndex(OpClass(Upper("title"), name="gin_trgm_ops"), name="deal_title_trgm"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(probability__lte=100), name="deal_probability_range"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="deal_amount_positive"),
            models.CheckConstraint(
                condition=~models.Q(status="lost") | models.Q(lost_reason__isnull=False), name="deal_lost_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class DealLine(WorkspaceScoped):
    """A product line on a deal: quantity times unit price."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey("catalog.Product", on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(max_digits=12, decimal_places=2, default=1)
    unit_price = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="dealline_quantity_positive"),
            models.CheckConstraint(condition=models.Q(unit_price__gte=0), name="dealline_price_positive"),
        ]

    @property
    def total(self):
        return self.quantity * self.unit_price
