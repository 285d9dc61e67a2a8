"""Reading exported files back the way a spreadsheet would: CSV through the csv module, XLSX through openpyxl."""

import codecs
import csv
import io
from collections.abc import Iterable
from typing import Any

from openpyxl import load_workbook
from openpyxl.workbook import Workbook


def joined(chunks: Iterable[bytes]) -> bytes:
    return b"".join(chunks)


def csv_table(data: bytes) -> list[list[str]]:
    assert data.startswith(codecs.BOM_UTF8), "Excel needs the byte-order mark to read UTF-8"
    return list(csv.reader(io.StringIO(data[len(codecs.BOM_UTF8) :].decode("utf-8"), newline="")))


def csv_records(data: bytes) -> list[dict[str, str]]:
    header, *rows = csv_table(data)
    return [dict(zip(header, row, strict=True)) for row in rows]


def workbook(data: bytes) -> Workbook:
    return load_workbook(io.BytesIO(data))


def xlsx_records(data: bytes, sheet: str | None = None) -> list[dict[str, Any]]:
    book = workbook(data)
    ws = book[sheet] if sheet else book.worksheets[0]
    header, *rows = [[cell.value for cell in row] for row in ws.iter_rows()]
    return [dict(zip(header, row, strict=False)) for row in rows]
