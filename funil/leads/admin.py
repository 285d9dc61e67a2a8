from typing import Any

from django.contrib import admin

from funil.accounts.access import Actor
from funil.core.admin_tools import ServiceAdmin

from .models import Lead
from .services import lead_create, lead_update


@admin.register(Lead)
class LeadAdmin(ServiceAdmin):
    list_display = ("__str__", "company_name", "workspace", "stage", "status", "owner", "score", "created_at")
    list_filter = ("status", "workspace")
    search_fields = ("first_name", "last_name", "company_name", "email_normalized", "phone_e164")
    service_fields = (
        "pipeline",
        "stage",
        "status",
        "owner",
        "team",
        "junk_reason",
        "junk_note",
        "score",
        "closed_at",
        "next_followup_at",
        "first_contacted_at",
        "email_normalized",
        "phone_e164",
        "phone_extension",
        "mobile_e164",
        "consent_at",
        "created_by",
    )
    raw_id_fields = ("company", "contact")
    list_select_related = ("workspace", "stage", "owner")
    show_full_result_count = False

    def create(self, actor: Actor, data: dict[str, Any]) -> Lead:
        data.pop("workspace", None)
        return lead_create(actor=actor, data=data)

    def update(self, actor: Actor, obj: Any, data: dict[str, Any], expected_version: int) -> Lead:
        data.pop("workspace", None)
        return lead_update(actor=actor, lead=obj, expected_version=expected_version, changes=data)
