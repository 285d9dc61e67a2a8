"""The append-only timeline: every call, message, note, follow-up and state change of every record."""

from collections.abc import Collection
from functools import partial

from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from funil.core.models import WorkspaceScoped


class Kind(models.TextChoices):
    NOTE = "note", _("Note")
    CALL = "call", _("Call")
    EMAIL = "email", _("Email")
    MESSAGE = "message", _("Message")
    MEETING = "meeting", _("Meeting")
    TASK = "task", _("Task")
    STAGE_CHANGE = "stage_change", _("Stage change")
    FIELD_CHANGE = "field_change", _("Field change")
    ASSIGNMENT = "assignment", _("Assignment")
    CONVERSION = "conversion", _("Conversion")
    MERGE = "merge", _("Merge")
    IMPORT = "import", _("Import")
    FORM_SUBMISSION = "form_submission", _("Form submission")
    SYSTEM = "system", _("System")


FOLLOWUP_KINDS = (Kind.CALL, Kind.MEETING, Kind.TASK)
LOGGABLE_KINDS = (Kind.NOTE, Kind.CALL, Kind.EMAIL, Kind.MESSAGE, Kind.MEETING, Kind.TASK)


class Direction(models.TextChoices):
    NONE = "", _("None")
    IN = "in", _("Inbound")
    OUT = "out", _("Outbound")


class AppendOnlyError(RuntimeError):
    pass


RECORD_FIELDS = ("lead", "deal", "contact", "company")


class ActivityQuerySet(models.QuerySet["Activity"]):
    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Timeline rows are append-only; they go only with the record they belong to.")

    def of_records(self, fk: str, ids: Collection[int]) -> "ActivityQuerySet":
        """The rows that belong to these records alone (a row shared with another record is not theirs to lose)."""
        if fk not in RECORD_FIELDS:
            raise ValueError(f"Activities belong to a lead, deal, contact or company, not {fk}")
        others = Q(pk__in=[])
        for other in RECORD_FIELDS:
            if other != fk:
                others |= Q(**{f"{other}__isnull": False})
        return self.filter(**{f"{fk}__in": list(ids)}).exclude(others)

    def purge_with(self, fk: str, ids: Collection[int]) -> int:
        """The one sanctioned way timeline rows go: with the records they belong to, called by a record's delete
        service inside its transaction, just before the record itself is deleted. A row shared with another record
        stays on that record's timeline, only unlinked from the one going; attachments' files leave storage once
        the transaction has committed. Returns how many rows were removed."""
        own = self.of_records(fk, ids)
        files = list(Attachment.objects.filter(activity__in=own).values_list("file", flat=True))
        Attachment.objects.filter(activity__in=own).delete()
        removed, _ = models.QuerySet.delete(own)  # past the append-only guard, deliberately
        self.filter(**{f"{fk}__in": list(ids)}).update(**{fk: None})
        transaction.on_commit(partial(_remove_files, files))
        return removed


def _remove_files(names: list[str]) -> None:
    storage = Attachment._meta.get_field("file").storage
    for name in names:
        if name:
            storage.delete(name)


class Activity(WorkspaceScoped):
    """One timeline row. Never edited after it is written, except a follow-up's completion and reminder marks,
    which the follow-up services set with a queryset update."""

    ACCESS_ENTITY = "activity"
    # Visible to whoever may see the record it belongs to, to its author and to whom it is assigned.
    ACCESS_OWNER_FIELDS = ("lead__owner", "deal__owner", "contact__owner", "company__owner", "actor", "assignee")
    ACCESS_TEAM_FIELDS = ("lead__team", "deal__team", "contact__team", "company__team")

    # The timeline is the largest table: its foreign keys are served by the composite indexes in Meta,
    # so none carries an index of its own (each would be paid on every write).
    workspace = models.ForeignKey("accounts.Workspace", on_delete=models.CASCADE, related_name="+", db_index=False)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)
    direction = models.CharField(max_length=3, choices=Direction.choices, blank=True, default=Direction.NONE)
    channel = models.CharField(max_length=40, blank=True, help_text="phone, email, whatsapp, telegram, web...")

    # A follow-up is a scheduled activity: due_at set, done_at empty until completed.
    due_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    remind_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    assignee = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_index=False
    )

    actor = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_index=False
    )
    actor_label = models.CharField(max_length=200, blank=True, help_text="The rule, job or import that acted.")

    lead = models.ForeignKey(
        "leads.Lead", on_delete=models.CASCADE, null=True, blank=True, related_name="activities", db_index=False
    )
    deal = models.ForeignKey(
        "deals.Deal", on_delete=models.CASCADE, null=True, blank=True, related_name="activities", db_index=False
    )
    contact = models.ForeignKey(
        "contacts.Contact", on_delete=models.CASCADE, null=True, blank=True, related_name="activities", db_index=False
    )
    company = models.ForeignKey(
        "contacts.Company", on_delete=models.CASCADE, null=True, blank=True, related_name="activities", db_index=False
    )

    payload = models.JSONField(default=dict, blank=True, help_text="What changed: old and new values.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "activities"
        indexes = [
            models.Index(
                fields=["lead", "-created_at", "-id"],
                condition=models.Q(lead__isnull=False),
                name="activity_lead_timeline",
            ),
            # Most rows belong to leads: partial indexes keep the other timelines' indexes small.
            models.Index(
                fields=["deal", "-created_at", "-id"],
                condition=models.Q(deal__isnull=False),
                name="activity_deal_timeline",
            ),
            models.Index(
                fields=["contact", "-created_at", "-id"],
                condition=models.Q(contact__isnull=False),
                name="activity_contact_timeline",
            ),
            models.Index(
                fields=["company", "-created_at", "-id"],
                condition=models.Q(company__isnull=False),
                name="activity_company_timeline",
            ),
            models.Index(fields=["workspace", "-created_at"], name="activity_ws_created"),
            models.Index(
                fields=["workspace", "assignee", "due_at"],
                condition=models.Q(due_at__isnull=False, done_at__isnull=True),
                name="activity_open_followups",
            ),
            # Only follow-ups with a reminder still to come or to show: small, and read on every page (the badge).
            models.Index(
                fields=["workspace", "assignee", "remind_at"],
                condition=models.Q(remind_at__isnull=False, done_at__isnull=True),
                name="activity_pending_reminders",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(lead__isnull=False)
                | models.Q(deal__isnull=False)
                | models.Q(contact__isnull=False)
                | models.Q(company__isnull=False),
                name="activity_belongs_to_a_record",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Timeline rows are append-only.")
        # An INSERT, always: never the UPDATE Django tries first for an instance whose pk is set.
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Timeline rows are append-only.")

    @property
    def is_followup(self) -> bool:
        return self.due_at is not None


class Attachment(WorkspaceScoped):
    """A file on the timeline: stored under the media root, served only through access checks."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="attachments/%Y/%m/")
    name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name
