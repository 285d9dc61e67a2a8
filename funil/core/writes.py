"""Mechanics every versioned write shares: lock the row, check the version, apply and diff the changes."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from .errors import Conflict, NotFound, ValidationFailed


def lock_for_write[V: models.Model](obj: V, expected_version: int | None) -> V:
    """Re-read `obj` under a row lock; a version other than the caller's is a conflict, nothing is written.

    `expected_version=None` is for system actors (jobs, rules) that act on the current state by design.
    On SQLite the lock is the IMMEDIATE transaction itself (settings), which serialises writers.
    """
    model = type(obj)
    try:
        fresh = model._default_manager.select_for_update().get(pk=obj.pk)
    except models.ObjectDoesNotExist:
        raise NotFound() from None
    current = fresh.version  # type: ignore[attr-defined]
    if expected_version is not None and _version(expected_version) != current:
        raise Conflict(current_version=current)
    return fresh


def _version(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationFailed.single("version", "invalid", _("The version must be a whole number.")) from None


def plain(value: Any) -> Any:
    """A JSON-safe form of a field value, for timeline payloads."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def apply_changes(obj: models.Model, values: dict[str, Any]) -> dict[str, list[Any]]:
    """Set each value that differs; return {field: [old, new]} of what actually changed."""
    changed: dict[str, list[Any]] = {}
    for name, new in values.items():
        attname = name
        field = obj._meta.get_field(name)
        if isinstance(field, models.ForeignKey):
            attname = field.attname
            new = new.pk if isinstance(new, models.Model) else new
        old = getattr(obj, attname)
        if old != new:
            changed[name] = [plain(old), plain(new)]
            setattr(obj, attname, new)
    return changed


def save_versioned(obj: models.Model, fields: list[str]) -> None:
    obj.version += 1  # type: ignore[attr-defined]
    update = {*fields, "version"}
    if any(f.name == "updated_at" for f in obj._meta.concrete_fields):
        update.add("updated_at")
    obj.save(update_fields=sorted(_attnames(obj, update)))


def _attnames(obj: models.Model, names: set[str]) -> set[str]:
    return {obj._meta.get_field(n).name for n in names}
