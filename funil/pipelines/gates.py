"""Stage gates: the fields a record must have filled before it may enter a stage (shared by leads and deals)."""

from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from funil.core.errors import FieldError, ValidationFailed
from funil.pipelines.models import Stage

STAGE_GATE = "stage_gate"


def _is_filled(record: models.Model, name: str, extra: dict[str, Any]) -> bool:
    if name in extra:
        return extra[name] not in (None, "", [], {})
    if name.startswith("custom:"):
        value = getattr(record, "custom_fields", {}).get(name.removeprefix("custom:"))
    elif name == "products":
        # A lead names products of interest; a deal carries product lines.
        related = "products" if hasattr(record, "products") else "lines"
        return bool(record.pk) and getattr(record, related).exists()
    elif name == "amount":
        return bool(getattr(record, "amount", None))  # a deal's amount starts at zero: zero is no amount yet
    else:
        value = getattr(record, name, None)
    return value not in (None, "", [], {})


def check_gate(record: models.Model, stage: Stage, *, extra: dict[str, Any] | None = None) -> None:
    """`extra` holds values not on the record yet (the products of a record still being created)."""
    missing = [name for name in stage.required_fields or [] if not _is_filled(record, name, extra or {})]
    if missing:
        raise ValidationFailed(
            [
                FieldError(
                    name,
                    STAGE_GATE,
                    _("Fill %(field)s before moving to %(stage)s.") % {"field": name, "stage": _(stage.name)},
                )
                for name in missing
            ]
        )
