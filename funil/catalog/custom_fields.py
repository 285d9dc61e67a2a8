"""Validation of custom field values against the workspace's definitions."""

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from funil.core.errors import FieldError, ValidationFailed

from .models import CustomField, FieldType


class CustomFieldError:
    UNKNOWN = "custom_field_unknown"
    INVALID = "custom_field_invalid"
    REQUIRED = "custom_field_required"


def _coerce(definition: CustomField, value: Any) -> Any:
    kind = definition.type
    if kind == FieldType.TEXT:
        return str(value).strip()
    if kind == FieldType.NUMBER:
        if isinstance(value, bool):
            raise ValueError("not a number")
        number = Decimal(str(value))
        if not number.is_finite():
            raise ValueError("not a number")
        return int(number) if number == number.to_integral_value() else float(number)
    if kind == FieldType.DATE:
        return datetime.date.fromisoformat(str(value)).isoformat()
    if kind == FieldType.BOOLEAN:
        if isinstance(value, bool):
            return value
        raise ValueError("not true or false")
    if kind == FieldType.CHOICE:
        if value not in definition.choices:
            raise ValueError(f"must be one of {', '.join(map(str, definition.choices))}")
        return value
    if kind == FieldType.MULTI_CHOICE:
        values = list(value) if isinstance(value, list | tuple) else [value]
        unknown = [v for v in values if v not in definition.choices]
        if unknown:
            raise ValueError(f"unknown choices: {', '.join(map(str, unknown))}")
        return values
    raise ValueError(f"unsupported type {kind}")


def validate_custom_fields(
    *, workspace_id: int, entity: str, values: dict[str, Any], existing: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Return the merged, coerced values; raise ValidationFailed listing every bad field."""
    definitions = {d.key: d for d in CustomField.objects.filter(workspace_id=workspace_id, entity=entity)}
    merged = dict(existing or {})
    errors: list[FieldError] = []
    for key, value in values.items():
        definition = definitions.get(key)
        field = f"custom_fields.{key}"
        if definition is None:
            errors.append(FieldError(field, CustomFieldError.UNKNOWN, f"There is no custom field {key!r}."))
            continue
        if value is None or value == "" or value == []:
            merged.pop(key, None)
            continue
        try:
            merged[key] = _coerce(definition, value)
        except (ValueError, TypeError, InvalidOperation) as exc:
            errors.append(FieldError(field, CustomFieldError.INVALID, f"{definition.label}: {exc}."))
    for key, definition in definitions.items():
        if definition.required and key not in merged and key not in {e.field.split(".", 1)[1] for e in errors}:
            errors.append(
                FieldError(f"custom_fields.{key}", CustomFieldError.REQUIRED, f"{definition.label} is required.")
            )
    if errors:
        raise ValidationFailed(errors)
    return merged
