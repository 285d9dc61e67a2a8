"""CSV and XLSX files written as they are read, in constant memory.

CSV: UTF-8 with a byte-order mark (so Excel reads accents right), comma-separated, quoted where needed, yielded
about 128 KB at a time. XLSX: openpyxl's write-only workbook (rows go to a temporary file as they come, strings
inline, no shared-string table), saved to a spooled temporary file, then read back in chunks. Numbers stay numbers
and dates stay dates in XLSX; times are written in the workspace's time zone, as the pages show them.
"""

import csv
import datetime
import io
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from itertools import batched
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from .columns import Cell
from .layouts import valid_zone
from .rows import Formats
from .safety import formula_risk, formula_safe, safe_cell, xlsx_risk, xml_safe

BOM = "\ufeff"
READ_SIZE = 64 * 1024
SPOOL_SIZE = 1024 * 1024  # a workbook larger than this is written on disk, not in memory
XLSX_MAX_ROWS = 1_048_576  # rows per sheet, header included; more rows go on to another sheet
SHEET_NAME_MAX = 31

FLUSH_SIZE = 128 * 1024  # CSV characters gathered before a chunk goes out
FLUSH_ROWS = 64  # rows written at once, between two looks at the buffer's size

Rows = Iterable[list[Any]]


def _local(tz: datetime.tzinfo) -> Callable[[datetime.datetime], datetime.datetime]:
    """A time as the workspace's clock shows it, to the second, naive: spreadsheets know no time zones. PostgreSQL
    already sends it so (see expressions.LocalTime); SQLite sends it aware, in UTC."""

    def local(value: datetime.datetime) -> datetime.datetime:
        if value.tzinfo is not None:
            value = value.astimezone(tz).replace(tzinfo=None)
        return value.replace(microsecond=0)

    return local


def csv_formats(tz: datetime.tzinfo) -> Formats:
    yes, no = _("Yes"), _("No")
    local = _local(tz)

    def when(value: datetime.datetime | None) -> str | None:
        if value is None:
            return None
        if value.tzinfo is not None:
            value = local(value)
        return value.isoformat(" ", "seconds")

    def boolean(value: Any) -> Any:
        return yes if value is True else no if value is False else value

    return Formats(cells={Cell.DATETIME: when, Cell.BOOL: boolean}, text=safe_cell, risky=formula_risk)


def xlsx_formats(tz: datetime.tzinfo) -> Formats:
    local = _local(tz)

    def when(value: datetime.datetime | None) -> datetime.datetime | None:
        return None if value is None else local(value)

    def text(value: str | None) -> str | None:
        return xml_safe(safe_cell(value)) if value else value  # type: ignore[arg-type]

    return Formats(cells={Cell.DATETIME: when}, text=text, risky=xlsx_risk)


def workspace_zone(name: str) -> datetime.tzinfo:
    return ZoneInfo(valid_zone(name))


def csv_chunks(header: list[str], rows: Rows) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(BOM)
    writer.writerow([formula_safe(label) for label in header])
    for batch in batched(rows, FLUSH_ROWS):
        writer.writerows(batch)
        if buffer.tell() >= FLUSH_SIZE:
            yield _take(buffer)
    yield _take(buffer)


def _take(buffer: io.StringIO) -> bytes:
    data = buffer.getvalue().encode("utf-8")
    buffer.seek(0)
    buffer.truncate()
    return data


def xlsx_chunks(title: str, header: list[str], rows: Rows) -> Iterator[bytes]:
    """The workbook is complete before its first byte can go (a zip's directory comes last), so the rows are
    written to disk first; memory holds one chunk of rows and one read buffer."""
    workbook = Workbook(write_only=True)
    try:
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_SIZE) as out:
            _fill(workbook, title, header, rows)
            workbook.save(out)
            out.seek(0)
            while chunk := out.read(READ_SIZE):
                yield chunk
    finally:
        _discard_sheet_files(workbook)


def _fill(workbook: Workbook, title: str, header: list[str], rows: Rows) -> None:
    sheets = 1
    sheet = _sheet(workbook, title, header, sheets)
    written = 1
    for row in rows:
        if written == XLSX_MAX_ROWS:
            sheets += 1
            sheet, written = _sheet(workbook, title, header, sheets), 1
        sheet.append(row)
        written += 1


def _sheet(workbook: Workbook, title: str, header: list[str], number: int) -> WriteOnlyWorksheet:
    name = title if number == 1 else f"{title} ({number})"
    sheet = workbook.create_sheet(_sheet_name(name))
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    cells = []
    for label in header:
        cell = WriteOnlyCell(sheet, value=xml_safe(formula_safe(label)))
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)
    return sheet


def _sheet_name(name: str) -> str:
    for ch in "[]:*?/\\":
        name = name.replace(ch, " ")
    return name[:SHEET_NAME_MAX]


def _discard_sheet_files(workbook: Workbook) -> None:
    """openpyxl keeps each sheet in a temporary file until it is saved; an export stopped halfway (the client went
    away) would leave them behind."""
    for sheet in workbook.worksheets:
        writer = getattr(sheet, "_writer", None)
        path = getattr(writer, "out", None)
        if writer is None or not isinstance(path, str) or not os.path.exists(path):
            continue
        try:
            rows = getattr(sheet, "_rows", None)
            if rows is not None:
                rows.close()  # ends the sheet's row writer while its file is still open
            writer.close()
        finally:
            writer.cleanup()
