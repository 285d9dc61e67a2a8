"""Cells a spreadsheet would run as formulas (CSV/formula injection) are written as text instead.

Excel, LibreOffice and Google Sheets treat a cell starting with `=`, `+`, `-` or `@` (or a tab or carriage return
before one) as a formula, so a lead named `=HYPERLINK(...)` or `+cmd|'/C calc'!A0` could run on the reader's machine.
A leading apostrophe makes the cell text. Signed numbers and phone numbers ("-12.5", "+55 11 98765-4321") are left
as they are: they hold no function, name or reference, so nothing in them can run.
"""

import re
from typing import Any

ALWAYS = frozenset("=@\t\r")
SIGNS = frozenset("+-")
DANGER = ALWAYS | SIGNS

_NUMBER = r"[+-](?:\d+(?:[.,]\d+)*|[.,]\d+)(?:[eE][+-]?\d+)?"
# "+" then at least 7 digits in the usual groupings (spaces, dots, hyphens, parentheses), ending with a digit.
_PHONE = r"\+\d(?:[ .()-]*\d){6,}"
_PLAIN = re.compile(f"{_NUMBER}|{_PHONE}")


def formula_safe(text: str) -> str:
    """`text` as a spreadsheet shows it literally: a leading apostrophe when it would start a formula."""
    if not text or text[0] not in DANGER:
        return text
    if text[0] in SIGNS and _PLAIN.fullmatch(text):
        return text
    return f"'{text}"


def safe_cell(value: str | None) -> str | None:
    """formula_safe for a text cell that may be empty (None from an outer join)."""
    if value and value[0] in DANGER:
        return formula_safe(value)
    return value


# XML 1.0 (so XLSX) cannot hold most control characters; a cell holds at most 32,767 characters.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
XLSX_CELL_MAX = 32767


def xml_safe(text: str) -> str:
    """`text` without the characters an XLSX file cannot hold, cut to what a cell takes."""
    if _NOT_XML.search(text):
        text = _NOT_XML.sub("", text)
    return text[:XLSX_CELL_MAX]


def as_text(value: Any) -> str | None:
    """A value that is not what its column holds, as safe text for either format (None and "" stay empty)."""
    if value is None or value == "":
        return None
    return xml_safe(formula_safe(str(value)))


# A row's text cells are checked in one pass: joined (after a leading separator) by a character no database text
# holds, then searched for a cell start that could need care; only then precisely, and only such rows (few) are
# treated cell by cell.
SEPARATOR = "\x00"
_MAYBE = re.compile(r"\x00[-=+@\t\r]")
_RISKY = re.compile(rf"\x00(?:[=@\t\r]|(?!(?:{_NUMBER}|{_PHONE})(?:\x00|$))[+-])")
_NOT_XML_TEXT = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _joined(texts: tuple[str, ...]) -> str | None:
    """The cells after a leading separator; None when one is no text or holds the separator itself."""
    if not texts:
        return ""
    try:
        joined = SEPARATOR + SEPARATOR.join(texts)
    except TypeError:
        return None
    return joined if joined.count(SEPARATOR) == len(texts) else None


def _formula(joined: str) -> bool:
    return _MAYBE.search(joined) is not None and _RISKY.search(joined) is not None


def formula_risk(texts: tuple[str, ...]) -> bool:
    """Whether formula_safe would change any of these cells (exactly: numbers and phone numbers are no risk)."""
    joined = _joined(texts)
    return joined is None or _formula(joined)


def xlsx_risk(texts: tuple[str, ...]) -> bool:
    """formula_risk, or a character an XLSX file cannot hold."""
    joined = _joined(texts)
    return joined is None or _NOT_XML_TEXT.search(joined) is not None or _formula(joined)
