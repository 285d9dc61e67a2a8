"""Building blocks shared by every domain app; no business rules here."""

from django.db import models


class WorkspaceScoped(models.Model):
    """Every business row belongs to exactly one workspace."""

    workspace = models.ForeignKey("accounts.Workspace", on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True


class Timestamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Versioned(models.Model):
    """Optimistic concurrency: writers pass the version they read; a mismatch is a conflict."""

    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


class PeriodicJobState(models.Model):
    """One row per recurring job; the conditional update of `last_run_at` elects the worker that enqueues a tick."""

    name = models.CharField(max_length=100, unique=True)
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_enqueued_by = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return self.name


class AuditEntry(WorkspaceScoped):
    """A workspace-level trace of what no longer has a timeline of its own: a deleted record, who deleted it and
    when. Only its display label (a name or title) and counts are kept, none of its contact data (emails, phones,
    addresses, notes), so deleting a person leaves no more of them than a name in the log."""

    action = models.CharField(max_length=20)
    entity = models.CharField(max_length=20)
    record_id = models.BigIntegerField()
    label = models.CharField(max_length=300, blank=True)
    actor = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    actor_label = models.CharField(max_length=200, blank=True)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["workspace", "-created_at"], name="audit_ws_created")]

    def __str__(self) -> str:
        return f"{self.action} {self.entity} {self.record_id}"
