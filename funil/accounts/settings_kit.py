"""Steps every settings service shares: reading a name, refusing a duplicate, saving and auditing a change.

Settings rows (stages, reasons, products, teams...) are small and edited by admins; these helpers keep each
service to its own rule instead of repeating the same five lines.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from funil.core.errors import FieldError, ValidationFailed
from funil.core.inputs import InputReader
from funil.core.writes import apply_changes

from .audit import setting_changed
from .errors import AccountError

if TYPE_CHECKING:
    from .access import Actor


def reader_for(actor: "Actor") -> InputReader:
    return InputReader(workspace_id=actor.workspace.pk, country=actor.workspace.country)


def read_name(reader: InputReader, value: Any, *, max_length: int, field: str = "name") -> None:
    """A required, trimmed name of at most `max_length` characters."""
    reader.text(field, value, max_length)
    if not reader.values.get(field) and not any(e.field == field for e in reader.errors):
        reader.fail(field, AccountError.NAME_REQUIRED, _("A name is required."))


def read_flag(reader: InputReader, field: str, value: Any) -> None:
    """A yes/no setting: True or False, nothing else."""
    if not isinstance(value, bool):
        reader.fail(field, "invalid", _("Must be yes or no."))
    reader.values[field] = bool(value)


def refuse_duplicate(
    reader: InputReader, queryset: models.QuerySet[Any], *, field: str = "name", exclude: models.Model | None = None
) -> None:
    """A name already used among `queryset` (compared without case) is refused on `field`."""
    value = reader.values.get(field)
    if not value:
        return
    qs = queryset.filter(**{f"{field}__iexact": value})
    if exclude is not None and exclude.pk:
        qs = qs.exclude(pk=exclude.pk)
    if qs.exists():
        reader.fail(field, AccountError.NAME_TAKEN, _("%(name)s is already in use.") % {"name": value})


def refuse_unknown(changes: dict[str, Any], allowed: Iterable[str]) -> None:
    unknown = sorted(set(changes) - set(allowed))
    if unknown:
        raise ValidationFailed(
            [FieldError(name, AccountError.FIELD_UNKNOWN, _("This cannot be changed here.")) for name in unknown]
        )


@contextmanager
def refuse_clash(field: str = "name") -> Iterator[None]:
    """A unique constraint hit by a concurrent write gets the same refusal as the duplicate check before it."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError:
        raise ValidationFailed.single(field, AccountError.NAME_TAKEN, _("This is already in use.")) from None


def save_changes(
    actor: "Actor",
    obj: models.Model,
    values: dict[str, Any],
    *,
    area: str,
    action: str = "updated",
    unique_field: str = "name",
) -> dict[str, list[Any]]:
    """Apply `values`, save only what changed, and audit it; returns {field: [old, new]}."""
    changed = apply_changes(obj, values)
    if changed:
        update = [obj._meta.get_field(name).name for name in changed]
        if any(f.name == "updated_at" for f in obj._meta.concrete_fields):
            update.append("updated_at")
        with refuse_clash(unique_field):
            obj.save(update_fields=update)
        setting_changed(actor, area=area, action=action, obj=obj, changes=changed)
    return changed
