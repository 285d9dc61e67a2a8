"""Validation of custom field values against the workspace's definitions."""

import datetime
import time
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext as _

from funil.accounts.models import Workspace
from funil.core.errors import FieldError, ValidationFailed

from .models import CustomField, FieldType

# Definitions are read on every lead, contact and deal written (intake: every capture). Each process keeps a
# workspace's definitions this many seconds: a field added, changed or retired in another process is seen
# within them; in this process at once (any CustomField saved or deleted, or a workspace created, clears all).
CACHE_SECONDS = 5.0
CACHE_SIZE = 500
_recent: dict[tuple[int, str], tuple[float, dict[str, CustomField]]] = {}


class CustomFieldError:
    UNKNOWN = "custom_field_unknown"
    INVALID = "custom_field_invalid"
    REQUIRED = "custom_field_required"
    RETIRED = "custom_field_retired"


def _coerce(definition: CustomField, value: Any) -> Any:
    kind = definition.type
    if kind == FieldType.TEXT:
        return str(value).strip()
    if kind == FieldType.NUMBER:
        if isinstance(value, bool):
            raise ValueError(_("not a number"))
        number = Decimal(str(value))
        if not number.is_finite():
            raise ValueError(_("not a number"))
        return int(number) if number == number.to_integral_value() else float(number)
    if kind == FieldType.DATE:
        try:
            return datetime.date.fromisoformat(str(value)).isoformat()
        except ValueError:
            raise ValueError(_("not a date like 2026-12-31")) from None
    if kind == FieldType.BOOLEAN:
        if isinstance(value, bool):
            return value
        raise ValueError(_("not true or false"))
    if kind == FieldType.CHOICE:
        if value not in definition.choices:
            raise ValueError(_("must be one of %(choices)s") % {"choices": ", ".join(map(str, definition.choices))})
        return value
    if kind == FieldType.MULTI_CHOICE:
        values = list(value) if isinstance(value, list | tuple) else [value]
        unknown = [v for v in values if v not in definition.choices]
        if unknown:
            raise ValueError(_("unknown choices: %(choices)s") % {"choices": ", ".join(map(str, unknown))})
        return values
    raise ValueError(f"unsupported type {kind}")


def definitions_for(workspace_id: int, entity: str) -> dict[str, CustomField]:
    """The workspace's definitions for `entity` by key (active and retired), from this process's short cache."""
    now = time.monotonic()
    cached = _recent.get((workspace_id, entity))
    if cached is not None and cached[0] > now:
        return cached[1]
    found = {d.key: d for d in CustomField.objects.filter(workspace_id=workspace_id, entity=entity)}
    if len(_recent) >= CACHE_SIZE:
        _recent.clear()
    _recent[(workspace_id, entity)] = (now + CACHE_SECONDS, found)
    return found


def forget_definitions(**_kwargs: Any) -> None:
    _recent.clear()


post_save.connect(forget_definitions, sender=CustomField, dispatch_uid="custom_fields_forget_saved")
post_delete.connect(forget_definitions, sender=CustomField, dispatch_uid="custom_fields_forget_deleted")
# Tests roll back and SQLite reuses ids: a new workspace must not inherit an old one's definitions.
post_save.connect(forget_definitions, sender=Workspace, dispatch_uid="custom_fields_forget_workspace")


def validate_custom_fields(
    *, workspace_id: int, entity: str, values: dict[str, Any], existing: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Return the merged, coerced values; raise ValidationFailed listing every bad field."""
    definitions = definitions_for(workspace_id, entity)
    merged = dict(existing or {})
    errors: list[FieldError] = []
    for key, value in values.items():
        definition = definitions.get(key)
        field = f"custom_fields.{key}"
        if definition is None:
            errors.append(
                FieldError(field, CustomFieldError.UNKNOWN, _("There is no custom field %(key)r.") % {"key": key})
            )
            continue
        if value is None or value == "" or value == []:
            merged.pop(key, None)
            continue
        if not definition.active:  # a retired field keeps the values it has, and takes no new ones
            if merged.get(key) != value:
                errors.append(
                    FieldError(
                        field,
                        CustomFieldError.RETIRED,
                        _("%(field)s is no longer in use.") % {"field": definition.label},
                    )
                )
            continue
        try:
            merged[key] = _coerce(definition, value)
        except (ValueError, TypeError, InvalidOperation) as exc:
            errors.append(
                FieldError(
                    field,
                    CustomFieldError.INVALID,
                    _("%(field)s: %(problem)s.") % {"field": definition.label, "problem": exc},
                )
            )
    for key, definition in definitions.items():
        if (
            definition.required
            and definition.active
            and key not in merged
            and key not in {e.field.split(".", 1)[1] for e in errors}
        ):
            errors.append(
                FieldError(
                    f"custom_fields.{key}",
                    CustomFieldError.REQUIRED,
                    _("%(field)s is required.") % {"field": definition.label},
                )
            )
    if errors:
        raise ValidationFailed(errors)
    return merged
