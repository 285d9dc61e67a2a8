"""Reading an imported spreadsheet: which format a file is in, its header, and its rows as text, streamed.

CSV goes through the csv module over a text stream, so memory stays flat whatever the file's size and the per-row
Python work stays small; XLSX goes through openpyxl's read-only mode. Both give cells cleaned the same way: control
characters removed, outer whitespace stripped, inner line breaks kept.

Row numbers are what a spreadsheet user sees: the header is row 1 (or later, after leading blank rows) and every
record after it adds one, blank or not. A CSV record whose quoted cell spans several lines is still one row, as Excel
shows it, so its number is its record index, not a physical line number.
"""

import codecs
import csv
import io
import os
import re
from collections.abc import Callable, Generator, Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum
from itertools import chain, islice
from typing import IO, Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from funil.core.errors import DomainError

type FilePath = str | os.PathLike[str]

SAMPLE_BYTES = 256 * 1024  # what sniff decodes to choose an encoding and a delimiter
MAX_CELL_CHARS = 1 << 20  # a cell longer than this is taken for a quote that is never closed
SNIFF_RECORDS = 50  # records compared when choosing a delimiter
CHUNK_BYTES = 1 << 20

XLSX_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # a zip archive (the second one empty)
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls, or an .xlsx saved with a password
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls")
BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!")

# Control characters other than tab and line breaks are noise from old systems; lone surrogates in the range
# U+DC80..U+DCFF are the bytes that did not decode (the text stream uses errors="surrogateescape").
_DIRTY = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\udc80-\udcff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_UNDECODED = re.compile("[\udc80-\udcff]")
# The same, seen in the bytes of the codecs where that is possible (cp1252 maps no byte to a C1 control).
_WATCHED_CODECS = frozenset({"utf-8", "utf-8-sig", "cp1252"})
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_C1_IN_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")
_NON_ASCII = re.compile(rb"[\x80-\xff]")
_SEP_LINE = re.compile(r"sep=(.)\r?\n?", re.IGNORECASE)  # Excel's own hint line: "sep=;"


class ReadError(StrEnum):
    FILE_EMPTY = "file_empty"
    FILE_UNREADABLE = "file_unreadable"
    XLSX_INVALID = "xlsx_invalid"
    NO_HEADER = "no_header"
    ENCODING_INVALID = "encoding_invalid"


def _default_message(code: ReadError) -> str:
    if code == ReadError.FILE_EMPTY:
        return _("The file is empty.")
    if code == ReadError.XLSX_INVALID:
        return _("This is not a valid Excel workbook (.xlsx). Save it again as .xlsx or CSV and upload it again.")
    if code == ReadError.NO_HEADER:
        return _("The file has no header row: its first row must name the columns.")
    if code == ReadError.ENCODING_INVALID:
        return _("The file is not valid text in the chosen encoding. Choose another encoding.")
    return _("The file could not be read. Upload a CSV file or an Excel workbook (.xlsx).")


class ImportFileError(DomainError):
    """The uploaded file cannot be read as a spreadsheet; `row` names the row at fault when there is one."""

    status = 422

    def __init__(self, code: ReadError, message: str | None = None, *, row: int | None = None) -> None:
        super().__init__(code, message or _default_message(code), field="file")
        self.row = row

    def as_dict(self) -> dict[str, object]:
        return {**super().as_dict(), "row": self.row}


ENCODINGS: list[tuple[str, str | Promise]] = [
    ("utf-8", gettext_lazy("UTF-8")),
    ("utf-8-sig", gettext_lazy("UTF-8 with BOM")),
    ("utf-16", gettext_lazy("UTF-16")),
    ("cp1252", gettext_lazy("Windows-1252 (Latin-1)")),
]
DELIMITERS: list[tuple[str, str | Promise]] = [
    (",", gettext_lazy("comma")),
    (";", gettext_lazy("semicolon")),
    ("\t", gettext_lazy("tab")),
    ("|", gettext_lazy("vertical bar")),
]
# On a tie, the delimiter least likely to appear inside values wins: commas are common in text and amounts.
_TIE_ORDER = {"\t": 3, ";": 2, "|": 1, ",": 0}


@dataclass(frozen=True)
class FileFormat:
    kind: str  # "csv" or "xlsx"
    encoding: str = ""  # a Python codec, for csv
    delimiter: str = ""  # for csv

    def label(self) -> str:
        if self.kind == "xlsx":
            return _("Excel workbook")
        codec = "utf-16" if self.encoding.startswith("utf-16") else self.encoding  # BOM-less utf-16-be too
        return str(dict(ENCODINGS).get(codec, self.encoding))

    def delimiter_label(self) -> str:
        return str(dict(DELIMITERS).get(self.delimiter, self.delimiter))


@dataclass(frozen=True, slots=True)
class Row:
    number: int  # as a spreadsheet shows it: header = 1, each record after it + 1 (see the module's docstring)
    cells: list[str]
    broken: bool = False  # the file ended inside a quoted cell; the cells hold what could be read


# --- sniffing -------------------------------------------------------------------------------------------------------


def sniff(path: FilePath, *, filename: str = "") -> FileFormat:
    """The file's format from its content; `filename` only decides how a binary non-workbook is refused."""
    with _open_binary(path) as f:
        head = f.read(SAMPLE_BYTES)
        complete = len(head) < SAMPLE_BYTES
        if head.startswith(XLSX_MAGIC):
            return FileFormat("xlsx")
        if head.startswith(OLE2_MAGIC):
            raise ImportFileError(
                ReadError.XLSX_INVALID,
                _(
                    "This is an old Excel file (.xls) or a password-protected workbook. "
                    "Save it as .xlsx or CSV, without a password, and upload it again."
                ),
            )
        encoding = _sniff_encoding(head, complete, f)
    codec = _text_codec(encoding, head)
    text = codecs.getincrementaldecoder(codec)(errors="replace").decode(head, final=complete)
    if not _CONTROL.sub("", text).replace("\ufeff", "").strip():
        raise ImportFileError(ReadError.FILE_EMPTY)
    if head.startswith(BINARY_MAGIC) or _looks_binary(text):
        excel = filename.lower().endswith(EXCEL_SUFFIXES)
        raise ImportFileError(ReadError.XLSX_INVALID if excel else ReadError.FILE_UNREADABLE)
    return FileFormat("csv", encoding, _sniff_delimiter(text, complete))


def _sniff_encoding(head: bytes, complete: bool, f: IO[bytes]) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if (wide := _utf16_without_bom(head)) is not None:
        return wide
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=complete)  # a cut last character is no error
    except UnicodeDecodeError:
        return "cp1252"
    if head.isascii() and not complete:
        return _encoding_of_first_non_ascii(f)
    return "utf-8"


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 text of mostly Latin characters has a NUL as every other byte; which half tells the byte order."""
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nul > 0.6 and even_nul < 0.1:
        return "utf-16"  # little-endian, read as such whatever the platform (see _text_codec)
    if even_nul > 0.6 and odd_nul < 0.1:
        return "utf-16-be"
    return None


def _encoding_of_first_non_ascii(f: IO[bytes]) -> str:
    """An ASCII sample says nothing about a Latin-1 file whose first accent comes later: look that far, cheaply."""
    while chunk := f.read(CHUNK_BYTES):
        if chunk.isascii():
            continue
        match = _NON_ASCII.search(chunk)
        assert match is not None
        window = chunk[match.start() : match.start() + 4096]
        try:
            codecs.getincrementaldecoder("utf-8")().decode(window, final=False)  # may end in a cut character
        except UnicodeDecodeError:
            return "cp1252"
        return "utf-8"
    return "utf-8"


def _looks_binary(text: str) -> bool:
    """Random bytes are one in ten a control character; text has few, NUL padding aside (which reading drops)."""
    sample = text[:65536]
    controls = sum(1 for match in _CONTROL.finditer(sample) if match.group() != "\x00")
    return controls > max(8, 0.05 * len(sample))


def _sniff_delimiter(text: str, complete: bool) -> str:
    """The candidate that splits the header into the most columns and most records into as many.

    Counting characters outside quotes line by line is what csv.Sniffer gets wrong on pt-BR and es files, whose
    amounts ("1.234,56") put commas in every data line of a semicolon file but none in its header.
    """
    if not complete:
        text = text[: text.rfind("\n") + 1] or text  # drop a cut last line
    first_line, _newline, rest = text.partition("\n")
    if hint := _SEP_LINE.fullmatch(first_line + _newline):
        if hint.group(1) in _TIE_ORDER:
            return hint.group(1)
        text = rest
    best: tuple[bool, int, float, int] | None = None
    choice = ","
    for delimiter in _TIE_ORDER:
        records = _sample_records(text, delimiter)
        if not records or len(records[0]) < 2:
            continue
        width, data = len(records[0]), records[1:]
        agreement = sum(len(r) == width for r in data) / len(data) if data else 1.0
        consistent = agreement >= 0.8
        key = (consistent, width if consistent else 0, agreement, _TIE_ORDER[delimiter])
        if best is None or key > best:
            best, choice = key, delimiter
    return choice


def _sample_records(text: str, delimiter: str) -> list[list[str]]:
    _allow_long_cells()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[list[str]] = []
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                records.append(record)
                if len(records) >= SNIFF_RECORDS:
                    break
    except csv.Error:
        pass  # what was read before the error still counts
    return records


# --- reading --------------------------------------------------------------------------------------------------------


def read_header(path: FilePath, fmt: FileFormat) -> list[str]:
    """The first non-blank row, stripped; ImportFileError(NO_HEADER) when there is none."""
    if fmt.kind == "xlsx":
        with closing(_xlsx_lines(path)) as lines:
            first = next(lines, None)
            header = first[1] if first is not None else None
    else:
        with closing(_csv_records(path, fmt)) as records:
            header = _csv_header(records)
    if header is None:
        raise ImportFileError(ReadError.NO_HEADER)
    return header


def read_rows(path: FilePath, fmt: FileFormat, *, start: int = 0) -> Iterator[Row]:
    """The data rows after the header, blank ones left out (their numbers stay taken).

    `start` skips that many data rows, counted as this yields them (non-blank), to resume an interrupted job: they
    are parsed for their boundaries but not cleaned. Rows shorter than the header are padded with "", longer ones
    keep their extra cells.
    """
    if fmt.kind == "xlsx":
        yield from _xlsx_rows(path, start)
        return
    with closing(_csv_records(path, fmt)) as records:
        header = _csv_header(records)
        if header is None:
            return
        width = len(header)
        if start > 0:
            skipped = 0
            for _number, record, _broken in records:
                if not _is_blank(record):
                    skipped += 1
                    if skipped >= start:
                        break
        for number, record, broken in records:
            cells = [cell.strip() for cell in record]
            if not any(cells):
                continue
            if len(cells) < width:
                cells.extend([""] * (width - len(cells)))
            yield Row(number, cells, broken)


def count_rows(path: FilePath, fmt: FileFormat) -> int:
    """How many data rows read_rows would yield, for a progress bar; parses the file but builds no rows."""
    if fmt.kind == "xlsx":
        return sum(1 for _row in _xlsx_rows(path, 0))
    with closing(_csv_records(path, fmt)) as records:
        if _csv_header(records) is None:
            return 0
        return sum(1 for _number, record, _broken in records if not _is_blank(record))


def _is_blank(record: list[str]) -> bool:
    return not "".join(record).strip()


def _csv_header(records: Iterator[tuple[int, list[str], bool]]) -> list[str] | None:
    """Consumes records up to the first non-blank one, the header, and gives its stripped cells."""
    for _number, record, _broken in records:
        if not _is_blank(record):
            return _header_cells([cell.strip() for cell in record])
    return None


def _header_cells(cells: list[str]) -> list[str]:
    if cells:
        cells[0] = cells[0].lstrip("\ufeff").strip()  # a BOM kept by a file declared UTF-16-LE or similar
    return cells


# --- CSV ------------------------------------------------------------------------------------------------------------


class _Undecodable(Exception):
    """A line held bytes that the declared encoding cannot decode."""


class _Watched(io.RawIOBase):
    """The raw file, looked at chunk by chunk on its way to the decoder: `dirty` turns true once a chunk may hold a
    control character or bytes the codec cannot decode. Until then lines skip the per-line check, which would
    otherwise be a good part of the reading time. Only codecs whose bytes tell that are watched; others are dirty."""

    def __init__(self, raw: IO[bytes], codec: str) -> None:
        super().__init__()
        self.raw = raw
        self.decoder = codecs.getincrementaldecoder(codec)() if codec in _WATCHED_CODECS else None
        self.dirty = self.decoder is None
        self.utf8 = codec.startswith("utf-8")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self.raw.read(len(buffer))
        buffer[: len(chunk)] = chunk
        if not self.dirty:
            self.dirty = self._suspect(chunk)
        return len(chunk)

    def _suspect(self, chunk: bytes) -> bool:
        if len(chunk.translate(None, _CONTROL_BYTES)) != len(chunk):
            return True
        if self.utf8 and (_C1_IN_UTF8.search(chunk) is not None or chunk.endswith(b"\xc2")):
            return True
        assert self.decoder is not None
        try:
            self.decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError:
            return True
        return False

    def close(self) -> None:
        super().close()
        self.raw.close()


class _Lines:
    """The file's lines, cleaned, for csv.reader. `ended` turns true once the file is exhausted: a record csv.reader
    hands out after that was cut by the end of the file, inside a quoted cell."""

    def __init__(self, stream: IO[str], watched: _Watched) -> None:
        self.stream = stream
        self.watched = watched
        self.ended = False

    def __iter__(self) -> Iterator[str]:
        lines: Iterator[str] = iter(self.stream)
        first = next(lines, None)
        if first is not None and not _SEP_LINE.fullmatch(first):  # Excel's delimiter hint is no row, in Excel too
            lines = chain((first,), lines)
        watched, search = self.watched, _DIRTY.search
        for line in lines:
            if watched.dirty and search(line) is not None:
                if _UNDECODED.search(line) is not None:
                    raise _Undecodable
                line = _CONTROL.sub("", line)
            yield line
        self.ended = True


def _csv_records(path: FilePath, fmt: FileFormat) -> Generator[tuple[int, list[str], bool]]:
    """Every record as (row number, raw cells, cut by the end of file); blank records are yielded too."""
    _allow_long_cells()
    number = 0
    stream, watched = _open_text(path, fmt)
    with stream:
        lines = _Lines(stream, watched)
        reader = csv.reader(lines, delimiter=fmt.delimiter or ",")
        line_num = 0
        try:
            for record in reader:
                number += 1
                if reader.line_num - line_num > 1:  # a quoted cell spanned lines: one kind of line break inside
                    record = [cell.replace("\r\n", "\n").replace("\r", "\n") for cell in record]
                line_num = reader.line_num
                yield number, record, lines.ended
        except (_Undecodable, UnicodeDecodeError):
            raise ImportFileError(
                ReadError.ENCODING_INVALID,
                _("Row %(row)s is not valid %(encoding)s text. Choose another encoding.")
                % {"row": number + 1, "encoding": fmt.label()},
                row=number + 1,
            ) from None
        except csv.Error:
            raise ImportFileError(
                ReadError.FILE_UNREADABLE,
                _(
                    "Row %(row)s has a cell longer than %(size)s characters, "
                    'most likely because a quote (") is opened and never closed.'
                )
                % {"row": number + 1, "size": f"{MAX_CELL_CHARS:,}"},
                row=number + 1,
            ) from None


def _allow_long_cells() -> None:
    if csv.field_size_limit() < MAX_CELL_CHARS:
        csv.field_size_limit(MAX_CELL_CHARS)


def _open_binary(path: FilePath) -> IO[bytes]:
    try:
        f = open(path, "rb")  # noqa: SIM115  (returned to the caller's with)
    except OSError:
        raise ImportFileError(ReadError.FILE_UNREADABLE) from None
    if os.fstat(f.fileno()).st_size == 0:
        f.close()
        raise ImportFileError(ReadError.FILE_EMPTY)
    return f


def _open_text(path: FilePath, fmt: FileFormat) -> tuple[IO[str], _Watched]:
    raw = _open_binary(path)
    try:
        codec = _text_codec(fmt.encoding or "utf-8", raw.read(4))
        raw.seek(0)
        watched = _Watched(raw, codec)
        buffered = io.BufferedReader(watched, buffer_size=1 << 16)
        return io.TextIOWrapper(buffered, encoding=codec, errors="surrogateescape", newline=""), watched
    except BaseException:
        raw.close()
        raise


def _text_codec(encoding: str, head: bytes) -> str:
    """The codec that reads this file as declared: a BOM the declared one would keep becomes the BOM-aware one."""
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        raise ImportFileError(ReadError.ENCODING_INVALID) from None
    if codec == "utf-8" and head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if codec == "utf-16" and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16-le"
    return codec


# --- XLSX -----------------------------------------------------------------------------------------------------------


def _xlsx_records(path: FilePath) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """Every row of the first worksheet as (row number, raw values), blank rows included."""
    from openpyxl import load_workbook  # only imports that read workbooks pay for loading it

    raw = _open_binary(path)
    try:
        try:
            # A file object, not a path: openpyxl would refuse a stored upload's name without an .xlsx suffix.
            workbook = load_workbook(raw, read_only=True, data_only=True)
        except Exception:
            raise ImportFileError(ReadError.XLSX_INVALID) from None
        try:
            if not workbook.worksheets:
                return
            sheet = workbook.worksheets[0]
            sheet.reset_dimensions()  # some writers record wrong dimensions; read what is there instead
            number = 0
            try:
                for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                    yield number, values
            except Exception:
                raise ImportFileError(
                    ReadError.XLSX_INVALID,
                    _("Row %(row)s of the workbook could not be read. Save it again as .xlsx or CSV.")
                    % {"row": number + 1},
                    row=number + 1,
                ) from None
        finally:
            workbook.close()
    finally:
        raw.close()


def _xlsx_lines(path: FilePath) -> Generator[tuple[int, list[str]]]:
    """Non-blank rows of the first worksheet as (row number, cells as text), the header first."""
    first = True
    for number, values in _xlsx_records(path):
        cells = [_cell_text(value) for value in values]
        if any(cells):
            yield number, _header_cells(cells) if first else cells
            first = False


def _xlsx_rows(path: FilePath, start: int) -> Iterator[Row]:
    with closing(_xlsx_lines(path)) as lines:
        header = next(lines, None)
        if header is None:
            return
        width = len(header[1])
        for number, cells in islice(lines, start, None):
            if len(cells) < width:
                cells.extend([""] * (width - len(cells)))
            yield Row(number, cells)


def _cell_text(value: object) -> str:
    convert = _CONVERTERS.get(type(value))
    if convert is not None:
        return convert(value)
    for kind, convert in _CONVERTERS.items():  # subclasses
        if isinstance(value, kind):
            return convert(value)
    return _text(str(value))


def _text(value: str) -> str:
    if _DIRTY.search(value) is not None:
        value = _CONTROL.sub("", value)
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.strip()


def _number(value: float) -> str:
    """1234.0 -> "1234", 0.1 -> "0.1", 1e-05 -> "0.00001": as a person would type it, never in exponent form."""
    if value.is_integer():
        return str(int(value))
    text = repr(value)
    if "e" in text and value == value and abs(value) != float("inf"):
        text = format(Decimal(text), "f")
    return text


def _datetime(value: datetime) -> str:
    if value.time() == time(0) and value.tzinfo is None:
        return value.date().isoformat()
    return value.isoformat(timespec="milliseconds" if value.microsecond else "seconds")


def _time(value: time) -> str:
    return value.isoformat(timespec="milliseconds" if value.microsecond else "seconds")


# bool before int: it is one. datetime before date: same reason.
_CONVERTERS: dict[type, Callable[[Any], str]] = {
    type(None): lambda _v: "",
    str: _text,
    bool: lambda v: "true" if v else "false",
    int: str,
    float: _number,
    datetime: _datetime,
    date: date.isoformat,
    time: _time,
    timedelta: str,
}
