"""What a merge remembers so that it can be undone exactly."""

from django.db import models

from funil.core.models import WorkspaceScoped


class MergeRecord(WorkspaceScoped):
    """One merge: which leads went into the survivor, the survivor's values before, and every row that moved."""

    survivor = models.ForeignKey("leads.Lead", on_delete=models.CASCADE, related_name="+")
    merged_ids = models.JSONField(default=list)
    actor = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_index=False
    )
    actor_label = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The survivor's version before and right after: undo needs it unchanged since (see services.lead_merge_undo).
    version_before = models.PositiveIntegerField()
    version_after = models.PositiveIntegerField()
    survivor_before = models.JSONField(default=dict, help_text="The survivor's fields the merge wrote, as they were.")
    products_before = models.JSONField(default=list, help_text="The survivor's products of interest before.")
    survivor_after = models.JSONField(default=dict, help_text="Derived values the merge set (first contact).")
    moved = models.JSONField(default=dict, help_text='{"app.model.field": {"from lead id": [row ids]}}')
    resolved_flags = models.JSONField(default=dict, help_text='Flags the merge settled (now one lead): {"at", "ids"}.')
    lost = models.JSONField(default=dict, help_text="Values that lost, per field: [{lead, value}].")
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_index=False
    )

    class Meta:
        indexes = [models.Index(fields=["survivor", "-created_at"], name="merge_survivor")]

    def __str__(self) -> str:
        return f"Merge of {self.merged_ids} into {self.survivor_id}"
