"""Reading imported spreadsheets: real CSV and XLSX files written to a temporary folder, as an old CRM or Excel
would export them, then sniffed and read back."""

import codecs
import datetime as dt
import os
import random
import sys
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from django.utils import translation
from openpyxl import Workbook

from funil.core.errors import DomainError
from funil.imports.reading import (
    DELIMITERS,
    ENCODINGS,
    MAX_CELL_CHARS,
    SAMPLE_BYTES,
    FileFormat,
    ImportFileError,
    ReadError,
    Row,
    count_rows,
    read_header,
    read_rows,
    sniff,
)

UTF8 = FileFormat("csv", "utf-8", ",")


@pytest.fixture
def write(tmp_path: Path):
    """Writes text (in an encoding) or bytes to a file of the test's folder and gives its path."""

    def write(content: str | bytes, *, name: str = "export.csv", encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
        return path

    return write


@pytest.fixture
def workbook(tmp_path: Path):
    """Saves rows (lists of values) as the first worksheet of an .xlsx file; `extra` adds a second worksheet."""

    def make(rows: list[list[object]], *, name: str = "export.xlsx", extra: list[list[object]] | None = None) -> Path:
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "Leads"
        for row in rows:
            sheet.append(row)
        if extra is not None:
            other = book.create_sheet("Other")
            for row in extra:
                other.append(row)
            book.active = 1  # the active sheet is not what is read: the first one is
        path = tmp_path / name
        book.save(path)
        return path

    return make


def rows_of(path: Path, fmt: FileFormat | None = None, **kwargs) -> list[Row]:
    return list(read_rows(path, fmt or sniff(path), **kwargs))


def cells_of(path: Path, fmt: FileFormat | None = None, **kwargs) -> list[list[str]]:
    return [row.cells for row in rows_of(path, fmt, **kwargs)]


def error_of(call, *args, **kwargs) -> ImportFileError:
    """The error a call raises; a generator's (read_rows) is raised by reading it."""
    with pytest.raises(ImportFileError) as caught:
        result = call(*args, **kwargs)
        if hasattr(result, "__next__"):
            list(result)
    return caught.value


# --- encodings ------------------------------------------------------------------------------------------------------

PEOPLE = "Nome,Cidade,Valor\nJoão Conceição,São Paulo,€ 10\nMaría Núñez,España,€ 20\n"


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16"),  # Python writes the BOM, little-endian here
        ("utf-16-be", "utf-16-be"),  # no BOM: told by where the NULs are
        ("cp1252", "cp1252"),
    ],
)
def test_each_encoding_is_detected_and_read(write, encoding, expected):
    path = write(PEOPLE, encoding=encoding)
    fmt = sniff(path)
    assert fmt == FileFormat("csv", expected, ",")
    assert read_header(path, fmt) == ["Nome", "Cidade", "Valor"]
    assert cells_of(path, fmt) == [["João Conceição", "São Paulo", "€ 10"], ["María Núñez", "España", "€ 20"]]


def test_utf16_le_with_a_bom_as_excel_unicode_text_writes_it(write):
    path = write(codecs.BOM_UTF16_LE + PEOPLE.replace(",", "\t").encode("utf-16-le"))
    fmt = sniff(path)
    assert fmt == FileFormat("csv", "utf-16", "\t")
    assert fmt.label() == "UTF-16"
    assert cells_of(path, fmt)[0] == ["João Conceição", "São Paulo", "€ 10"]


def test_utf16_le_without_a_bom(write):
    path = write(PEOPLE.encode("utf-16-le"))
    fmt = sniff(path)
    assert fmt.encoding == "utf-16"
    assert cells_of(path, fmt)[1] == ["María Núñez", "España", "€ 20"]


def test_a_utf8_bom_never_reaches_the_first_header_name_even_when_plain_utf8_is_chosen(write):
    path = write(PEOPLE, encoding="utf-8-sig")
    assert read_header(path, FileFormat("csv", "utf-8", ",")) == ["Nome", "Cidade", "Valor"]
    assert read_header(path, sniff(path))[0] == "Nome"


def test_a_multibyte_character_cut_by_the_end_of_the_sample_is_still_utf8(write):
    head = b"Nome,Status\n" + b"Lead,ok\n" * ((SAMPLE_BYTES - 100) // 8)
    data = head + b"x" * (SAMPLE_BYTES - 1 - len(head)) + "ção,ok\n".encode() + "Conceição,ok\n".encode() * 10
    assert data[SAMPLE_BYTES - 1 : SAMPLE_BYTES + 1] == "ç".encode()  # its two bytes straddle the sample's end
    path = write(data)
    fmt = sniff(path)
    assert fmt.encoding == "utf-8"
    assert cells_of(path, fmt)[-1] == ["Conceição", "ok"]


def test_a_latin1_file_whose_first_accent_comes_after_the_sample_is_cp1252(write):
    ascii_rows = "".join(f"Lead {i},ok\n" for i in range(40_000))
    path = write("Nome,Status\n" + ascii_rows + "Conceição,ok\n", encoding="cp1252")
    assert path.stat().st_size > SAMPLE_BYTES
    fmt = sniff(path)
    assert fmt.encoding == "cp1252"
    assert rows_of(path, fmt)[-1] == Row(40_002, ["Conceição", "ok"])


def test_undecodable_bytes_on_the_declared_encoding_name_their_row(write):
    rows = "".join(f"Lead {i},ok\n" for i in range(3000))
    path = write(("Nome,Status\n" + rows).encode() + "Conceição,ok\n".encode("cp1252") + b"Last,ok\n")
    reader = read_rows(path, UTF8)
    error = error_of(list, reader)
    assert error.code == ReadError.ENCODING_INVALID
    assert error.row == 3002
    assert "3002" in error.message and "UTF-8" in error.message
    assert error_of(count_rows, path, UTF8).row == 3002
    assert cells_of(path, FileFormat("csv", "cp1252", ","))[-2] == ["Conceição", "ok"]


def test_undecodable_bytes_in_the_header_and_an_unknown_codec(write):
    path = write(b"Nome,Cora\xe7\xe3o\nAna,1\n")
    assert error_of(read_header, path, UTF8).row == 1
    assert error_of(read_header, path, FileFormat("csv", "klingon", ",")).code == ReadError.ENCODING_INVALID
    assert read_header(path, sniff(path)) == ["Nome", "Coração"]


def test_labels_for_the_user_in_english():
    with translation.override("en"):
        assert [FileFormat("csv", codec).label() for codec, _label in ENCODINGS] == [
            "UTF-8",
            "UTF-8 with BOM",
            "UTF-16",
            "Windows-1252 (Latin-1)",
        ]
        assert FileFormat("csv", "utf-16-be").label() == "UTF-16"
        assert FileFormat("xlsx").label() == "Excel workbook"
        assert [FileFormat("csv", "utf-8", d).delimiter_label() for d, _label in DELIMITERS] == [
            "comma",
            "semicolon",
            "tab",
            "vertical bar",
        ]
        assert FileFormat("xlsx").delimiter_label() == ""


# --- delimiters -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "delimiter", "first_row"),
    [
        ("name,email,amount\nAna,ana@example.com,1234.56\nBia,bia@example.com,10\n", ",", ["Ana", "ana@example.com"]),
        (
            # Excel pt-BR: semicolons between cells, commas in every amount, none in the header
            "Nome;Valor;Custo\nAna;1.234,56;10,00\nBia;2.345,67;20,50\nCaio;99,90;1,00\n",
            ";",
            ["Ana", "1.234,56", "10,00"],
        ),
        ("Name\tCity, State\tNotes\nAna\tRio, RJ\ta, b\nBia\tLisboa\tc\n", "\t", ["Ana", "Rio, RJ", "a, b"]),
        ("name|amount|notes\nAna|1,5|a, b, c\nBia|2,5|x\n", "|", ["Ana", "1,5", "a, b, c"]),
    ],
)
def test_each_delimiter_is_detected(write, text, delimiter, first_row):
    path = write(text)
    fmt = sniff(path)
    assert fmt.delimiter == delimiter
    assert cells_of(path, fmt)[0][: len(first_row)] == first_row


def test_a_semicolon_file_whose_header_and_amounts_both_hold_commas_is_still_semicolon(write):
    path = write("Cliente;Valor (R$, bruto)\nAna;1.234,56\nBia;10,00\n", encoding="cp1252")
    assert sniff(path) == FileFormat("csv", "utf-8", ";")  # pure ASCII: UTF-8 reads it as well
    path = write("Cliente, nome;Valor, R$;Data\nJoão;1.234,56;05/03/2024\nBia;10,00;06/03/2024\n", encoding="cp1252")
    assert sniff(path) == FileFormat("csv", "cp1252", ";")


def test_a_comma_file_with_semicolons_inside_quotes(write):
    path = write('name,notes,tags\nAna,"call; then email","a;b"\nBia,"x;y;z",c\n')
    assert sniff(path).delimiter == ","
    assert cells_of(path) == [["Ana", "call; then email", "a;b"], ["Bia", "x;y;z", "c"]]


def test_excel_sep_hint_line_sets_the_delimiter_and_is_not_a_row(write):
    path = write("sep=;\r\nNome;Valor\r\nAna;1,5\r\n")
    fmt = sniff(path)
    assert fmt.delimiter == ";"
    assert read_header(path, fmt) == ["Nome", "Valor"]
    assert rows_of(path, fmt) == [Row(2, ["Ana", "1,5"])]


def test_a_single_column_file(write):
    path = write("email\nana@example.com\nbia@example.com\n")
    fmt = sniff(path)
    assert fmt.delimiter == ","
    assert cells_of(path, fmt) == [["ana@example.com"], ["bia@example.com"]]


# --- CSV records ----------------------------------------------------------------------------------------------------


def test_quoted_cells_with_line_breaks_and_doubled_quotes_and_row_numbers_per_record(write):
    path = write('name,notes\nAna,"first line\nsecond ""quoted"" line"\nBia,"a, b"\n"Caio ""C""",\n')
    assert rows_of(path) == [
        Row(2, ["Ana", 'first line\nsecond "quoted" line']),
        Row(3, ["Bia", "a, b"]),
        Row(4, ['Caio "C"', ""]),
    ]


def test_crlf_line_ends_and_one_kind_of_line_break_inside_cells(write):
    path = write('name,notes\r\nAna,"one\r\ntwo"\r\nBia,x\r\n')
    assert rows_of(path) == [Row(2, ["Ana", "one\ntwo"]), Row(3, ["Bia", "x"])]
    assert read_header(path, sniff(path)) == ["name", "notes"]


def test_classic_mac_line_ends(write):
    path = write('name;notes\rAna;"one\rtwo"\rBia;x\r')
    assert rows_of(path) == [Row(2, ["Ana", "one\ntwo"]), Row(3, ["Bia", "x"])]


def test_an_unterminated_quote_at_the_end_marks_the_last_row_broken(write):
    path = write('name,notes\nAna,ok\nBia,"never closed\nstill the same cell')
    assert rows_of(path) == [
        Row(2, ["Ana", "ok"]),
        Row(3, ["Bia", "never closed\nstill the same cell"], broken=True),
    ]


def test_a_last_line_without_a_line_break_is_not_broken(write):
    path = write('name,notes\nAna,"closed"')
    assert rows_of(path) == [Row(2, ["Ana", "closed"])]


def test_blank_rows_are_skipped_but_keep_their_numbers(write):
    path = write("\n\nname,email\n\nAna,a@x.com\n,,\n  ,\t\nBia,b@x.com\n\n")
    fmt = sniff(path)
    assert read_header(path, fmt) == ["name", "email"]
    assert rows_of(path, fmt) == [Row(5, ["Ana", "a@x.com"]), Row(8, ["Bia", "b@x.com"])]
    assert count_rows(path, fmt) == 2


def test_cells_are_stripped_but_keep_inner_spaces_and_tabs(write):
    path = write('name,notes\n  Ana Maria  ," a\tb "\n')
    assert cells_of(path) == [["Ana Maria", "a\tb"]]


def test_long_cells_up_to_a_megabyte(write):
    long, huge = "x" * 10_000, "é" * 500_000 + "y" * 400_000
    path = write(f'name,notes\nAna,{long}\nBia,"{huge}"\nCaio,ok\n')
    assert cells_of(path) == [["Ana", long], ["Bia", huge], ["Caio", "ok"]]


def test_a_quote_opened_mid_file_and_never_closed_names_its_row(write):
    path = write('name,notes\nAna,ok\nBia,"oops\n' + "Lead,filler text\n" * (MAX_CELL_CHARS // 16 + 10))
    error = error_of(list, read_rows(path, UTF8))
    assert (error.code, error.row) == (ReadError.FILE_UNREADABLE, 3)


def test_control_characters_and_nul_are_removed(write):
    path = write("na\x00me,em\x01ail\nAna\x00 Maria\x07,a\x1b@x.com\x7f\nBia\x0b,\x85b@x.com\x0c\n")
    fmt = sniff(path)
    assert read_header(path, fmt) == ["name", "email"]
    assert cells_of(path, fmt) == [["Ana Maria", "a@x.com"], ["Bia", "b@x.com"]]


def test_control_characters_in_a_cp1252_file(write):
    path = write("nome\x00,e\x1fmail\nJo\x00ão\x08,\x01a@x.com\n", encoding="cp1252")
    fmt = sniff(path)
    assert fmt.encoding == "cp1252"
    assert read_header(path, fmt) == ["nome", "email"]
    assert cells_of(path, fmt) == [["João", "a@x.com"]]
    assert cells_of(path, FileFormat("csv", "latin-1", ",")) == [["João", "a@x.com"]]  # a codec chosen by hand


def test_control_characters_deep_in_a_large_file(write):
    rows = "".join(f"Lead {i},ok\n" for i in range(50_000))
    path = write("name,status\n" + rows + "Last\x00 one\x02,done\n")
    assert cells_of(path)[-1] == ["Last one", "done"]


def test_ragged_rows_are_padded_or_keep_their_extra_cells(write):
    path = write("a,b,c\n1\n1,2,3,4,5\n1,2\n")
    assert cells_of(path) == [["1", "", ""], ["1", "2", "3", "4", "5"], ["1", "2", ""]]


def test_an_empty_file(write):
    path = write(b"")
    assert error_of(sniff, path).code == ReadError.FILE_EMPTY
    assert error_of(read_header, path, UTF8).code == ReadError.FILE_EMPTY
    assert error_of(read_rows, path, UTF8).code == ReadError.FILE_EMPTY


@pytest.mark.parametrize(
    ("content", "encoding"),
    [(b"  \r\n\n\t \n", "utf-8"), (codecs.BOM_UTF8 + b"\n\n", "utf-8-sig"), ("\n \n".encode("utf-16"), "utf-16")],
)
def test_a_file_of_only_whitespace_is_empty(write, content, encoding):
    path = write(content)
    assert error_of(sniff, path).code == ReadError.FILE_EMPTY
    assert error_of(read_header, path, FileFormat("csv", encoding, ",")).code == ReadError.NO_HEADER


def test_a_file_of_only_delimiters_has_no_header(write):
    path = write(",,,\n , ,\n,\n")
    error = error_of(read_header, path, sniff(path))
    assert error.code == ReadError.NO_HEADER
    assert count_rows(path, sniff(path)) == 0
    assert rows_of(path) == []


def test_a_header_only_file(write):
    path = write("name,email,phone\r\n")
    fmt = sniff(path)
    assert read_header(path, fmt) == ["name", "email", "phone"]
    assert rows_of(path, fmt) == []
    assert count_rows(path, fmt) == 0


def test_start_skips_data_rows_as_they_are_yielded(write):
    path = write("name\nr1\n\nr2\nr3\n\n\nr4\nr5\n")
    fmt = sniff(path)
    everything = rows_of(path, fmt)
    assert [row.number for row in everything] == [2, 4, 5, 8, 9]
    for start in range(7):
        assert rows_of(path, fmt, start=start) == everything[start:]
    assert count_rows(path, fmt) == 5


def test_an_unopenable_path():
    error = error_of(sniff, "/nonexistent/file.csv")
    assert error.code == ReadError.FILE_UNREADABLE
    assert error_of(read_header, "/nonexistent/file.csv", UTF8).code == ReadError.FILE_UNREADABLE


def test_binary_files_are_refused(write):
    noise = random.Random(7).randbytes(20_000)
    assert error_of(sniff, write(noise, name="report.csv")).code == ReadError.FILE_UNREADABLE
    assert error_of(sniff, write(b"\x89PNG\r\n\x1a\n" + noise, name="logo.png")).code == ReadError.FILE_UNREADABLE
    assert error_of(sniff, write(noise, name="leads.xlsx"), filename="leads.xlsx").code == ReadError.XLSX_INVALID


# --- XLSX -----------------------------------------------------------------------------------------------------------


def test_xlsx_values_become_text(workbook):
    path = workbook(
        [
            ["Name", "Amount", "Ratio", "Tiny", "Signed up", "Call at", "Active", "Notes", "Time"],
            ["Ana", 1234.0, 0.1, 0.00001, dt.date(2024, 3, 5), dt.datetime(2024, 3, 5, 14, 30), True, None],
            ["Bia", 42, 1234.5, -3.0, dt.datetime(2024, 3, 5), dt.datetime(2024, 3, 5, 9, 5, 7), False, "a\r\nb"],
            [None, None, None],
            ["  Caio ", 5511987654321, 1e20, 2.5e-7, None, None, None, None, dt.time(14, 30)],
        ]
    )
    fmt = sniff(path, filename="leads.xlsx")
    assert fmt == FileFormat("xlsx")
    assert read_header(path, fmt)[:3] == ["Name", "Amount", "Ratio"]
    assert rows_of(path, fmt) == [
        Row(2, ["Ana", "1234", "0.1", "0.00001", "2024-03-05", "2024-03-05T14:30:00", "true", "", ""]),
        Row(3, ["Bia", "42", "1234.5", "-3", "2024-03-05", "2024-03-05T09:05:07", "false", "a\nb", ""]),
        Row(5, ["Caio", "5511987654321", "100000000000000000000", "0.00000025", "", "", "", "", "14:30:00"]),
    ]
    assert count_rows(path, fmt) == 3


def test_xlsx_first_worksheet_ragged_rows_blank_rows_and_start(workbook):
    path = workbook(
        [[], ["Name", "Email"], ["Ana"], ["Bia", "b@x.com", "extra"], [], ["Caio", "c@x.com"]],
        extra=[["Other", "sheet"], ["never", "read"]],
    )
    fmt = FileFormat("xlsx")
    assert read_header(path, fmt) == ["Name", "Email"]
    assert rows_of(path, fmt) == [
        Row(3, ["Ana", ""]),
        Row(4, ["Bia", "b@x.com", "extra"]),
        Row(6, ["Caio", "c@x.com"]),
    ]
    assert rows_of(path, fmt, start=2) == [Row(6, ["Caio", "c@x.com"])]
    assert rows_of(path, fmt, start=5) == []


def test_xlsx_is_told_by_its_content_not_its_name(workbook, tmp_path):
    path = workbook([["Name"], ["Ana"]], name="upload-7f3a")
    assert sniff(path, filename="leads.csv") == FileFormat("xlsx")
    assert cells_of(path) == [["Ana"]]


def test_xlsx_header_only_and_empty_workbooks(workbook):
    fmt = FileFormat("xlsx")
    path = workbook([["Name", "Email"]])
    assert (read_header(path, fmt), rows_of(path, fmt), count_rows(path, fmt)) == (["Name", "Email"], [], 0)
    empty = workbook([], name="empty.xlsx")
    assert error_of(read_header, empty, fmt).code == ReadError.NO_HEADER
    assert rows_of(empty, fmt) == []


def test_a_csv_named_xlsx_is_read_as_the_csv_it_is(write):
    path = write("name;amount\nAna;1,5\n", name="leads.xlsx")
    assert sniff(path, filename="leads.xlsx") == FileFormat("csv", "utf-8", ";")


def test_files_that_are_not_workbooks_read_as_xlsx(write, workbook):
    fmt = FileFormat("xlsx")
    text = write("name,email\nAna,a@x.com\n", name="leads.xlsx")
    assert error_of(read_header, text, fmt).code == ReadError.XLSX_INVALID
    assert error_of(read_rows, text, fmt).code == ReadError.XLSX_INVALID
    assert error_of(count_rows, text, fmt).code == ReadError.XLSX_INVALID

    archive = text.with_name("archive.xlsx")
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("readme.txt", "not a workbook")
    assert sniff(archive, filename="archive.xlsx") == fmt
    assert error_of(read_header, archive, fmt).code == ReadError.XLSX_INVALID

    good = workbook([["Name"], *[[f"Lead {i}"] for i in range(2000)]])
    cut = write(good.read_bytes()[: good.stat().st_size // 2], name="cut.xlsx")
    assert error_of(read_header, cut, fmt).code == ReadError.XLSX_INVALID


def test_an_old_xls_or_a_password_protected_workbook(write):
    path = write(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000, name="leads.xls")
    error = error_of(sniff, path, filename="leads.xls")
    assert error.code == ReadError.XLSX_INVALID
    assert ".xls" in error.message


# --- the error, files closed, memory ---------------------------------------------------------------------------------


def test_the_error_is_a_translated_domain_refusal(write):
    error = error_of(sniff, write(b""))
    assert isinstance(error, DomainError)
    assert error.status == 422
    assert error.as_dict() == {"code": "file_empty", "message": "The file is empty.", "field": "file", "row": None}
    with translation.override("pt-br"):
        assert isinstance(error_of(sniff, write(b"")).message, str)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="counts open files in /proc")
def test_files_are_closed_after_partial_reads(write, workbook):
    csv_path = write("name\n" + "".join(f"r{i}\n" for i in range(1000)))
    xlsx_path = workbook([["name"], *[[f"r{i}"] for i in range(100)]])

    def open_files() -> int:
        return len(os.listdir("/proc/self/fd"))

    before = open_files()
    for path in (csv_path, xlsx_path):
        fmt = sniff(path)
        read_header(path, fmt)
        count_rows(path, fmt)
        rows = read_rows(path, fmt, start=3)
        next(rows)
        rows.close()
    assert open_files() == before


def test_reading_a_large_file_streams_in_constant_memory(tmp_path):
    path = tmp_path / "large.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write("id,first_name,last_name,email,phone,company,city,state,amount,created,source,notes\n")
        for i in range(200_000):
            f.write(
                f"{i},Ana,Conceição,ana{i}@example.com,+55 11 9{i:08d},Empresa {i % 97} Ltda,São Paulo,SP,"
                f'"1.234,{i % 100:02d}",2024-03-05,website,"nota, {i}"\r\n'
            )
    fmt = sniff(path)
    assert fmt == FileFormat("csv", "utf-8", ",")
    tracemalloc.start()
    try:
        seen, last = 0, None
        for row in read_rows(path, fmt):
            seen, last = seen + 1, row
        counted = count_rows(path, fmt)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (seen, counted) == (200_000, 200_000)
    assert last is not None and last.number == 200_001 and last.cells[11] == "nota, 199999"
    assert peak < 1024 * 1024, f"peak {peak:,} bytes"  # about 130 KB when measured
