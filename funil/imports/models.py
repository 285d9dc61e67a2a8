"""An import job: one uploaded file, how its columns map to fields, and what became of every row."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from funil.core.models import WorkspaceScoped


class ImportKind(models.TextChoices):
    LEADS = "leads", _("Leads")
    CONTACTS = "contacts", _("Contacts")
    COMPANIES = "companies", _("Companies")
    DEALS = "deals", _("Deals")


class ImportStatus(models.TextChoices):
    DRAFT = "draft", _("Being set up")
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")
    FAILED = "failed", _("Failed")
    ROLLED_BACK = "rolled_back", _("Rolled back")


class DuplicatePolicy(models.TextChoices):
    SKIP = "skip", _("Skip the row")
    FILL = "fill", _("Update the existing record: fill its empty fields")
    OVERWRITE = "overwrite", _("Update the existing record: overwrite its fields")
    CREATE = "create", _("Create a new record anyway")


class RowOutcome(models.TextChoices):
    CREATED = "created", _("Created")
    UPDATED = "updated", _("Updated")
    SKIPPED = "skipped", _("Skipped as a duplicate")
    REJECTED = "rejected", _("Rejected")


class ImportJob(WorkspaceScoped):
    kind = models.CharField(max_length=12, choices=ImportKind.choices)
    status = models.CharField(max_length=12, choices=ImportStatus.choices, default=ImportStatus.DRAFT)
    dry_run = models.BooleanField(default=False)  # the queued or running pass writes nothing
    file = models.FileField(upload_to="imports/%Y/%m/")
    filename = models.CharField(max_length=255)
    file_kind = models.CharField(max_length=4)  # csv / xlsx
    encoding = models.CharField(max_length=20, blank=True)
    delimiter = models.CharField(max_length=2, blank=True)
    headers = models.JSONField(default=list)
    mapping = models.JSONField(default=list)  # one target key per column, "" = ignored
    # Stage, source, campaign and owner values found in the file that name nothing in the workspace, with how
    # often each occurs ({target: [[text, count], ...]}), and what each becomes ({target: {text: choice}}: a
    # row id, "new" (a source or campaign created at start) or "" (left empty: the default)).
    values_seen = models.JSONField(default=dict, blank=True)
    value_map = models.JSONField(default=dict, blank=True)
    date_order = models.CharField(max_length=3, blank=True)
    date_note = models.CharField(max_length=300, blank=True)
    policy = models.CharField(max_length=10, choices=DuplicatePolicy.choices, default=DuplicatePolicy.SKIP)
    total_rows = models.PositiveIntegerField(default=0)
    done_rows = models.PositiveIntegerField(default=0)  # data rows committed: where a resumed run starts
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    dry_summary = models.JSONField(default=dict, blank=True)  # the last dry run's counts
    cancel_requested = models.BooleanField(default=False)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)  # a running job silent too long is resumed
    finished_at = models.DateTimeField(null=True, blank=True)
    rolled_back_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["workspace", "-created_at"], name="import_ws_created"),
            models.Index(fields=["status", "heartbeat_at"], name="import_status_heartbeat"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} from {self.filename}"

    @property
    def finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.CANCELLED, ImportStatus.FAILED, ImportStatus.ROLLED_BACK)

    @property
    def percent(self) -> int:
        return min(100, int(100 * self.done_rows / self.total_rows)) if self.total_rows else 0


class ImportRow(models.Model):
    """What became of one data row (written in the same transaction as its record, so a resumed job never
    repeats a row). Rejected rows keep their cells, to give them back in the file's own layout."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="rows", db_index=False)
    row = models.PositiveIntegerField()
    outcome = models.CharField(max_length=10, choices=RowOutcome.choices)
    record_id = models.BigIntegerField(null=True, blank=True)
    duplicate_row = models.PositiveIntegerField(null=True, blank=True)
    errors = models.JSONField(null=True, blank=True)  # [{"column": header, "code": ..., "message": ...}]
    cells = models.JSONField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "row"], name="import_row_once")]
        indexes = [models.Index(fields=["job", "outcome", "row"], name="import_row_outcome")]

    def __str__(self) -> str:
        return f"row {self.row}: {self.outcome}"


class SavedMapping(WorkspaceScoped):
    """A named column mapping (header -> field), reused for the next file from the same system."""

    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=12, choices=ImportKind.choices)
    columns = models.JSONField(default=dict)  # folded header -> target key
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace", "kind", "name"], name="mapping_name_once")]

    def __str__(self) -> str:
        return self.name
