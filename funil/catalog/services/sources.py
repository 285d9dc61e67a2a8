"""Lead sources: renamed, added, retired and brought back; never deleted, since leads point at them."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from funil.accounts.access import Actor, require
from funil.accounts.audit import setting_changed
from funil.accounts.settings_kit import (
    read_flag,
    read_name,
    reader_for,
    refuse_clash,
    refuse_duplicate,
    refuse_unknown,
    save_changes,
)

from ..errors import CatalogError
from ..models import Source, SourceKind

SOURCE_FIELDS = ("name", "kind", "active")


def source_create(*, actor: Actor, data: dict[str, Any]) -> Source:
    require(actor, "settings", "update")
    refuse_unknown(data, SOURCE_FIELDS)
    values = _read(actor, {"kind": SourceKind.OTHER, **data}, None)
    with transaction.atomic():
        position = len(Source.objects.select_for_update().filter(workspace=actor.workspace).values_list("pk"))
        with refuse_clash():
            source = Source.objects.create(workspace=actor.workspace, position=position, **values)
        setting_changed(actor, area="source", action="created", obj=source, changes=values)
    return source


def source_update(*, actor: Actor, source: Source, changes: dict[str, Any]) -> Source:
    require(actor, "settings", "update", source)
    refuse_unknown(changes, SOURCE_FIELDS)
    values = _read(actor, changes, source)
    with transaction.atomic():
        source = Source.objects.select_for_update().get(pk=source.pk)
        save_changes(actor, source, values, area="source")
    return source


def _read(actor: Actor, data: dict[str, Any], source: Source | None) -> dict[str, Any]:
    reader = reader_for(actor)
    for key, value in data.items():
        if key == "name":
            read_name(reader, value, max_length=120)
            refuse_duplicate(reader, Source.objects.filter(workspace=actor.workspace), exclude=source)
        elif key == "kind":
            if value not in SourceKind.values:
                reader.fail(key, CatalogError.SOURCE_KIND_INVALID, _("Pick a kind of source from the list."))
            reader.values[key] = value
        elif key == "active":
            read_flag(reader, key, value)
    if source is None and "name" not in reader.values:
        read_name(reader, "", max_length=120)
    reader.raise_if_errors()
    return reader.values
