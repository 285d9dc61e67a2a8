"""The lead: someone who showed interest, from first touch to converted or junk."""

from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils.translation import gettext_lazy as _

from funil.core.fields import AddressFields, ChannelFields, ConsentFields, OwnedFields, PersonFields
from funil.core.models import Timestamped, Versioned, WorkspaceScoped
from funil.core.search import search_blob


class LeadStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CONVERTED = "converted", _("Converted")
    JUNK = "junk", _("Junk")


class Authority(models.TextChoices):
    UNKNOWN = "", _("Unknown")
    DECISION_MAKER = "decision_maker", _("Decision maker")
    INFLUENCER = "influencer", _("Influencer")
    USER = "user", _("User")
    NONE = "none", _("No authority")


class Timeline(models.TextChoices):
    UNKNOWN = "", _("Unknown")
    NOW = "now", _("Immediately")
    MONTH = "month", _("Within a month")
    QUARTER = "quarter", _("Within three months")
    HALF_YEAR = "half_year", _("Within six months")
    LATER = "later", _("Later")


class LiveLeads(models.Manager["Lead"]):
    """Leads that are not tombstones: every list, board, search, count and `access.scoped` read starts here, so a
    merged lead disappears everywhere at once. `Lead.all_objects` sees tombstones (merge and its undo only)."""

    def get_queryset(self) -> models.QuerySet["Lead"]:
        return super().get_queryset().filter(merged_into__isnull=True)


class Lead(
    WorkspaceScoped, OwnedFields, PersonFields, ChannelFields, AddressFields, ConsentFields, Timestamped, Versioned
):
    ACCESS_ENTITY = "lead"

    # Every index here is paid by intake and import; foreign keys whose lookups a composite index below
    # already serves (or that only a rare admin deletion reads) carry no index of their own.
    workspace = models.ForeignKey("accounts.Workspace", on_delete=models.CASCADE, related_name="+", db_index=False)
    owner = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_index=False
    )

    # Basic info
    company_name = models.CharField(max_length=200, blank=True)
    company = models.ForeignKey("contacts.Company", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    contact = models.ForeignKey(
        "contacts.Contact", on_delete=models.SET_NULL, null=True, blank=True, related_name="leads"
    )
    language = models.CharField(max_length=10, blank=True)

    # Origin
    source = models.ForeignKey("catalog.Source", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    campaign = models.ForeignKey(
        "catalog.Campaign", on_delete=models.SET_NULL, null=True, blank=True, related_name="leads"
    )
    utm_source = models.CharField(max_length=200, blank=True)
    utm_medium = models.CharField(max_length=200, blank=True)
    utm_campaign = models.CharField(max_length=200, blank=True)
    utm_term = models.CharField(max_length=200, blank=True)
    utm_content = models.CharField(max_length=200, blank=True)

    # Qualifiers (custom qualifiers are custom fields marked as such)
    products = models.ManyToManyField("catalog.Product", blank=True, related_name="leads")
    budget = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    authority = models.CharField(max_length=20, choices=Authority.choices, blank=True, default=Authority.UNKNOWN)
    need = models.TextField(blank=True)
    timeline = models.CharField(max_length=10, choices=Timeline.choices, blank=True, default=Timeline.UNKNOWN)

    # Complementary info
    custom_fields = models.JSONField(default=dict, blank=True)

    # Pipeline and outcome
    pipeline = models.ForeignKey("pipelines.Pipeline", on_delete=models.PROTECT, related_name="+", db_index=False)
    stage = models.ForeignKey("pipelines.Stage", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=LeadStatus.choices, default=LeadStatus.OPEN)
    junk_reason = models.ForeignKey(
        "pipelines.CloseReason", on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    junk_note = models.TextField(blank=True)
    score = models.PositiveSmallIntegerField(default=0)
    expected_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)

    next_followup_at = models.DateTimeField(null=True, blank=True)
    first_contacted_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    search_text = models.TextField(blank=True, editable=False, help_text="Folded name, company, email, phones.")
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_index=False
    )

    # A tombstone: merged into another lead (funil.intake.merge). Its rows moved to the survivor; old links and
    # ids resolve to the survivor (access.load); the merge can be undone. Written only by the merge services.
    merged_into = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="+", db_index=False, editable=False
    )
    merged_at = models.DateTimeField(null=True, blank=True, editable=False)

    # The first manager is the default one: live leads only.
    objects = LiveLeads()
    all_objects = models.Manager()

    # access.load follows this pointer, so a merged lead's id reaches its survivor.
    ACCESS_FORWARD = "merged_into"

    class Meta:
        indexes = [
            models.Index(fields=["workspace", "email_normalized"], name="lead_ws_email"),
            models.Index(fields=["workspace", "phone_e164"], name="lead_ws_phone"),
            models.Index(fields=["workspace", "mobile_e164"], name="lead_ws_mobile"),
            # Both carry expected_value, so a board's per-stage counts and sums come from the index alone.
            # Partial on live leads (every ORM read says `merged_into IS NULL`), so counts stay index-only.
            models.Index(
                fields=["workspace", "owner", "status", "stage"],
                include=["expected_value"],
                condition=models.Q(merged_into__isnull=True),
                name="lead_ws_owner_status_stage",
            ),
            models.Index(
                fields=["workspace", "stage", "-created_at"],
                include=["expected_value"],
                condition=models.Q(merged_into__isnull=True),
                name="lead_ws_stage_created",
            ),
            models.Index(fields=["workspace", "-created_at", "-id"], name="lead_ws_created"),
            GinIndex(fields=["search_text"], opclasses=["gin_trgm_ops"], name="lead_search_trgm"),
            # Tombstones are few: the survivor's merged leads, for deletion cascades and undo.
            models.Index(
                fields=["merged_into"], condition=models.Q(merged_into__isnull=False), name="lead_merged_into"
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(score__lte=100), name="lead_score_range"),
            models.CheckConstraint(
                condition=~models.Q(status="junk") | models.Q(junk_reason__isnull=False), name="lead_junk_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.company_name or self.email or f"Lead {self.pk}"

    @property
    def is_editable(self) -> bool:
        """Only an open lead takes edits: a junk one is reopened by a move, a converted one lives on elsewhere."""
        return self.status == LeadStatus.OPEN

    def refresh_search_text(self) -> None:
        self.search_text = search_blob(
            self.first_name, self.last_name, self.company_name, self.email_normalized, self.phone_e164, self.mobile_e164
        )
