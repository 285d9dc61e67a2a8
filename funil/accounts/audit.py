"""The settings audit trail: one workspace audit entry per settings change, written inside the change's
transaction, saying who changed which setting, from what to what, and when."""

from typing import TYPE_CHECKING, Any

from django.db import models

from funil.core.models import AuditEntry
from funil.core.writes import plain

if TYPE_CHECKING:
    from .access import Actor

# The entities the settings services audit (AuditEntry.entity); the Settings overview lists only these.
SETTINGS_AREAS = (
    "workspace",
    "pipeline",
    "stage",
    "reason",
    "custom_field",
    "product",
    "source",
    "campaign",
    "team",
    "member",
    "api_key",
    "webform",
    "integration",
)


def setting_changed(
    actor: "Actor", *, area: str, action: str, obj: models.Model, changes: dict[str, Any] | None = None
) -> AuditEntry:
    return AuditEntry.objects.create(
        workspace=actor.workspace,
        actor=actor.user,
        actor_label="" if actor.user else actor.system_label,
        entity=area,
        action=action,
        record_id=obj.pk,
        label=str(obj)[:300],
        details={
            k: [plain(v) for v in pair] if isinstance(pair, list) else plain(pair)
            for k, pair in (changes or {}).items()
        },
    )


def recent_setting_changes(actor: "Actor", limit: int = 15) -> list[AuditEntry]:
    entries = AuditEntry.objects.filter(workspace=actor.workspace, entity__in=SETTINGS_AREAS)
    return list(entries.select_related("actor").order_by("-created_at", "-id")[:limit])
