"""Custom fields as export columns: one per field the workspace defined for the kind, in the Settings order.
Each value is read by the database from the record's `custom_fields` (`->>`: text on PostgreSQL, a number or text
on SQLite), then typed back: numbers as numbers, dates as dates, yes/no as booleans, several choices joined. Values
are as funil.catalog.custom_fields validated them; anything else stored is written as safe text."""

import contextlib
import datetime
import json
import math
from collections.abc import Callable
from typing import Any

from django.db.models.fields.json import KeyTextTransform
from django.utils.translation import gettext as _

from funil.catalog.models import CustomField, FieldType

from .columns import Cell, Column
from .safety import as_text


def _plain(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def _number(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            pass
        try:
            number = float(value)
        except ValueError:
            return as_text(value)
        if math.isfinite(number):
            return number
    return as_text(value)


def _date(value: Any) -> Any:
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return as_text(value)


def _boolean(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    return {"true": True, "false": False}.get(value) if value in ("true", "false") else as_text(value)


def _many(value: Any) -> str | None:
    if isinstance(value, str) and value.startswith("["):
        with contextlib.suppress(ValueError):
            value = json.loads(value)
    if isinstance(value, list | tuple):
        return _plain(", ".join(str(v) for v in value))
    return _plain(value)


_CUSTOM: dict[str, tuple[Cell, Callable[[Any], Any]]] = {
    FieldType.TEXT: (Cell.TEXT, _plain),
    FieldType.NUMBER: (Cell.NUMBER, _number),
    FieldType.DATE: (Cell.DATE, _date),
    FieldType.CHOICE: (Cell.TEXT, _plain),
    FieldType.MULTI_CHOICE: (Cell.TEXT, _many),
    FieldType.BOOLEAN: (Cell.BOOL, _boolean),
}


def custom_columns(workspace_id: int, entity: str) -> list[Column]:
    """One column per custom field of the kind, in the Settings order; a retired one keeps its values, so it is
    exported too, marked as such."""
    columns = []
    for definition in CustomField.objects.filter(workspace_id=workspace_id, entity=entity).order_by("position", "id"):
        cell, convert = _CUSTOM.get(definition.type, (Cell.TEXT, _plain))
        label = definition.label if definition.active else _("%(label)s (retired)") % {"label": definition.label}
        columns.append(Column(label, KeyTextTransform(definition.key, "custom_fields"), cell, convert))
    return columns
