from typing import Any

from django.contrib import admin

from funil.accounts.access import Actor
from funil.core.admin_tools import ServiceAdmin

from .models import Deal, DealLine
from .services import deal_create, deal_update


class DealLineInline(admin.TabularInline):
    model = DealLine
    extra = 0
    can_delete = False
    readonly_fields = ("product", "quantity", "unit_price")

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Deal)
class DealAdmin(ServiceAdmin):
    list_display = ("title", "workspace", "stage", "status", "amount", "currency", "owner", "created_at")
    list_filter = ("status", "workspace")
    search_fields = ("title",)
    service_fields = (
        "pipeline",
        "stage",
        "status",
        "owner",
        "team",
        "lost_reason",
        "lost_note",
        "closed_at",
        "next_followup_at",
        "created_by",
    )
    raw_id_fields = ("contact", "company", "lead")
    inlines = (DealLineInline,)
    list_select_related = ("workspace", "stage", "owner")
    show_full_result_count = False

    def create(self, actor: Actor, data: dict[str, Any]) -> Deal:
        data.pop("workspace", None)
        return deal_create(actor=actor, data=data)

    def update(self, actor: Actor, obj: Any, data: dict[str, Any], expected_version: int) -> Deal:
        data.pop("workspace", None)
        return deal_update(actor=actor, deal=obj, expected_version=expected_version, changes=data)
