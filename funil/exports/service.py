"""Exporting a record list (leads, deals, contacts, companies) to CSV or XLSX: every field, custom fields included,
only the records the member may export, streamed in constant memory, and written down in the workspace's audit log.
"""

from collections.abc import Iterator
from enum import StrEnum
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from funil.accounts.access import Actor, require, scoped
from funil.core.errors import DomainError
from funil.core.models import AuditEntry

from .columns import Layout
from .layouts import KINDS, layout_for
from .rows import export_rows
from .writers import csv_chunks, csv_formats, workspace_zone, xlsx_chunks, xlsx_formats


class ExportError(StrEnum):
    FORMAT_INVALID = "export_format_invalid"
    KIND_INVALID = "export_kind_invalid"
    FILTER_INVALID = "export_filter_invalid"


class Format(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


CONTENT_TYPES = {
    Format.CSV: "text/csv; charset=utf-8",
    Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

# Newest first, as the lists open; served by each model's (workspace, -created_at, -id) index.
ORDER = ("-created_at", "-id")


def export_format(fmt: str) -> Format:
    try:
        return Format((fmt or "").strip().lower())
    except ValueError:
        raise DomainError(
            ExportError.FORMAT_INVALID,
            _("Unknown export format %(format)r: choose csv or xlsx.") % {"format": fmt[:20]},
            field="format",
        ) from None


def export_records(
    actor: Actor, kind: str, queryset: QuerySet[Any], fmt: str, *, query: str = ""
) -> tuple[str, str, Iterator[bytes]]:
    """(file name, content type, the file's bytes in chunks) for the records of `queryset` the actor may export.

    `queryset` is a list's filtered rows; it is narrowed again to the role's export scope, so a member who reads
    the team's records but exports only their own gets only their own. The audit entry (format, row count, the
    list's filter as `query`) is written before the first byte leaves, so an export stopped halfway is on record
    too. Headers and labels are in the active language, times in the workspace's time zone.
    """
    if kind not in KINDS:
        raise DomainError(ExportError.KIND_INVALID, _("Only leads, deals, contacts and companies can be exported."))
    require(actor, kind, "export")
    chosen = export_format(fmt)
    layout = layout_for(actor.workspace, kind, text_times=chosen == Format.CSV)
    if queryset.model is not layout.model:
        raise TypeError(f"a {kind} export needs {layout.model.__name__} rows, not {queryset.model.__name__}")
    qs = scoped(actor, queryset, "export").select_related(None).prefetch_related(None).order_by(*ORDER)
    _audit(actor, layout, chosen, qs.count(), query)
    zone = workspace_zone(actor.workspace.time_zone)
    filename = f"{layout.plural}-{timezone.localdate(timezone=zone).isoformat()}.{chosen}"
    if chosen == Format.CSV:
        chunks = csv_chunks(layout.header, export_rows(layout, qs, csv_formats(zone)))
    else:
        chunks = xlsx_chunks(layout.title, layout.header, export_rows(layout, qs, xlsx_formats(zone)))
    return filename, CONTENT_TYPES[chosen], chunks


def _audit(actor: Actor, layout: Layout, fmt: Format, count: int, query: str) -> AuditEntry:
    return AuditEntry.objects.create(
        workspace=actor.workspace,
        actor=actor.user,
        actor_label="" if actor.user else actor.system_label,
        entity=layout.kind,
        action="export",
        record_id=0,
        label=f"{layout.plural}.{fmt}",
        details={"format": str(fmt), "count": count, "filter": query[:2000]},
    )
