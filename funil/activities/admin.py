from typing import Any

from django.contrib import admin

from .models import Activity


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    """The timeline is the audit trail: readable here, never edited."""

    list_display = ("created_at", "kind", "subject", "workspace", "actor", "actor_label", "due_at", "done_at")
    list_filter = ("kind", "workspace")
    search_fields = ("subject",)
    show_full_result_count = False
    list_select_related = ("workspace", "actor")

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
