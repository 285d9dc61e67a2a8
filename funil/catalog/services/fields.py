"""Custom field definitions: added with a key derived from the label, edited without breaking stored values,
retired (hidden, no new values) or deleted once nothing uses them. Values are checked by custom_fields.py."""

from typing import Any

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from funil.accounts.access import Actor, require
from funil.accounts.audit import setting_changed
from funil.accounts.settings_kit import read_flag, read_name, reader_for, refuse_clash, refuse_unknown, save_changes
from funil.core.errors import ValidationFailed
from funil.core.inputs import InputReader
from funil.core.normalize import clean_text

from ..errors import CatalogError
from ..models import CHOICE_TYPES, CustomField, CustomFieldEntity, FieldType
from ..selectors import gating_stages, records_with

CREATE_FIELDS = ("entity", "label", "type", "choices", "required", "is_qualifier")
EDIT_FIELDS = ("label", "choices", "position", "required", "is_qualifier")  # key, type and entity stay
MAX_CHOICES = 100


def custom_field_create(*, actor: Actor, data: dict[str, Any]) -> CustomField:
    require(actor, "settings", "update")
    refuse_unknown(data, CREATE_FIELDS)
    reader = reader_for(actor)
    entity, kind = str(data.get("entity") or ""), str(data.get("type") or "")
    if entity not in CustomFieldEntity.values:
        reader.fail("entity", CatalogError.ENTITY_INVALID, _("Pick what the field belongs to."))
    if kind not in FieldType.values:
        reader.fail("type", CatalogError.TYPE_INVALID, _("Pick a type from the list."))
    _read(reader, {"label": "", "required": False, "is_qualifier": False, **data}, entity, kind, None)
    reader.raise_if_errors()
    values = {k: v for k, v in reader.values.items() if k in CREATE_FIELDS}
    with transaction.atomic():
        siblings = list(
            CustomField.objects.select_for_update()
            .filter(workspace=actor.workspace, entity=entity)
            .values_list("key", flat=True)
        )
        with refuse_clash("label"):
            field = CustomField.objects.create(
                workspace=actor.workspace,
                entity=entity,
                type=kind,
                key=_unique_key(values["label"], set(siblings)),
                position=len(siblings),
                **{k: v for k, v in values.items() if k not in ("entity", "type")},
            )
        setting_changed(actor, area="custom_field", action="created", obj=field, changes={"key": field.key, **values})
    return field


def custom_field_update(*, actor: Actor, field: CustomField, changes: dict[str, Any]) -> CustomField:
    require(actor, "settings", "update", field)
    refuse_unknown(changes, EDIT_FIELDS)
    reader = reader_for(actor)
    _read(reader, changes, field.entity, field.type, field)
    reader.raise_if_errors()
    with transaction.atomic():
        field = CustomField.objects.select_for_update().get(pk=field.pk)
        if "choices" in reader.values:
            _refuse_removing_used_choices(field, reader.values["choices"])
        save_changes(actor, field, reader.values, area="custom_field")
    return field


def custom_field_set_active(*, actor: Actor, field: CustomField, active: bool) -> CustomField:
    """A retired field disappears from forms and takes no new values; the values records have stay."""
    require(actor, "settings", "update", field)
    with transaction.atomic():
        field = CustomField.objects.select_for_update().get(pk=field.pk)
        if not active:
            _refuse_if_gated(field, "active")
        action = "reactivated" if active else "deactivated"
        save_changes(actor, field, {"active": bool(active)}, area="custom_field", action=action)
    return field


def custom_field_delete(*, actor: Actor, field: CustomField) -> None:
    """Only a field no record has a value for and no stage requires."""
    require(actor, "settings", "update", field)
    with transaction.atomic():
        field = CustomField.objects.select_for_update().get(pk=field.pk)
        _refuse_if_gated(field, "field")
        if records_with(field).exists():
            raise ValidationFailed.single(
                "field", CatalogError.FIELD_IN_USE, _("Records have values in this field: retire it instead.")
            )
        setting_changed(actor, area="custom_field", action="deleted", obj=field, changes={"key": field.key})
        field.delete()


def _read(reader: InputReader, data: dict[str, Any], entity: Any, kind: Any, field: CustomField | None) -> None:
    for key, value in data.items():
        if key == "label":
            read_name(reader, value, max_length=120, field="label")
        elif key == "choices":
            _read_choices(reader, value, kind)
        elif key in ("required", "is_qualifier"):
            read_flag(reader, key, value)
        elif key == "position":
            _read_position(reader, value)
    if reader.values.get("is_qualifier") and entity != CustomFieldEntity.LEAD:
        reader.fail("is_qualifier", CatalogError.QUALIFIER_LEADS_ONLY, _("Only lead fields are qualifiers."))
    no_choices = not reader.values.get("choices") and not any(e.field == "choices" for e in reader.errors)
    if kind in CHOICE_TYPES and field is None and no_choices:
        reader.fail("choices", CatalogError.CHOICES_REQUIRED, _("List the choices, one per line."))


def _read_choices(reader: InputReader, value: Any, kind: Any) -> None:
    if kind not in CHOICE_TYPES:
        reader.values["choices"] = []  # only choice types have choices; anything sent for another type is dropped
        return
    items = value.splitlines() if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not all(isinstance(i, str) for i in items):
        reader.fail("choices", CatalogError.CHOICES_INVALID, _("List the choices, one per line."))
        return
    choices = list(dict.fromkeys(c for c in (clean_text(i) for i in items) if c))
    if kind in CHOICE_TYPES and not choices:
        reader.fail("choices", CatalogError.CHOICES_REQUIRED, _("List the choices, one per line."))
    elif len(choices) > MAX_CHOICES or any(len(c) > 100 for c in choices):
        reader.fail("choices", CatalogError.CHOICES_INVALID, _("At most 100 choices of 100 characters each."))
    reader.values["choices"] = choices


def _read_position(reader: InputReader, value: Any) -> None:
    try:
        position = int(value)
    except (TypeError, ValueError):
        position = -1
    if not 0 <= position <= 999:
        reader.fail("position", CatalogError.POSITION_INVALID, _("The order is a whole number, 0 to 999."))
    reader.values["position"] = position


def _refuse_removing_used_choices(field: CustomField, choices: list[str]) -> None:
    """Stored values stay valid: a choice some record holds cannot be taken off the list."""
    removed = set(field.choices) - set(choices)
    if not removed:
        return
    used: set[str] = set()
    for value in records_with(field).values_list(f"custom_fields__{field.key}", flat=True).iterator(chunk_size=2000):
        used.update(removed.intersection(value if isinstance(value, list) else [value]))
    if used:
        raise ValidationFailed.single(
            "choices",
            CatalogError.CHOICE_IN_USE,
            _("Records hold %(choices)s: keep these choices.") % {"choices": ", ".join(sorted(used))},
        )


def _refuse_if_gated(field: CustomField, on: str) -> None:
    stages = gating_stages(field)
    if stages:
        raise ValidationFailed.single(
            on,
            CatalogError.FIELD_IN_GATE,
            _("Stages require this field: %(stages)s. Take it off their required fields first.")
            % {"stages": ", ".join(stages)},
        )


def _unique_key(label: str, taken: set[str]) -> str:
    """A stable key for the JSON values: the label as ASCII snake_case, numbered when already used."""
    base = slugify(label).replace("-", "_")[:50].strip("_") or "field"
    if base[0].isdigit():
        base = f"f_{base}"  # a key of digits would read as a list index in JSON lookups
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}_{n}"
    return key
