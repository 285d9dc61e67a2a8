"""Reading cells: dates in each order and the column-wide guess, amounts as people write them, yes/no."""

import datetime
from decimal import Decimal

import pytest

from funil.core.errors import DomainError
from funil.imports.values import (
    DateOrder,
    Unreadable,
    ValueCode,
    amount_currency,
    guess_date_order,
    parse_amount,
    parse_bool,
    parse_date,
    parse_money,
    split_full_name,
)

D, DT = datetime.date, datetime.datetime
DMY, MDY, YMD = DateOrder.DMY, DateOrder.MDY, DateOrder.YMD


# --- Dates -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("05/03/2024", DMY, D(2024, 3, 5)),
        ("05/03/2024", MDY, D(2024, 5, 3)),
        ("5-3-24", DMY, D(2024, 3, 5)),
        ("5-3-24", MDY, D(2024, 5, 3)),
        ("24-03-05", YMD, D(2024, 3, 5)),
        ("05.03.2024", DMY, D(2024, 3, 5)),
        (" 31/12/2024 ", DMY, D(2024, 12, 31)),
        ("12/31/2024", MDY, D(2024, 12, 31)),
        ("29/02/2024", DMY, D(2024, 2, 29)),
    ],
)
def test_dates_in_each_order(text, order, expected):
    assert parse_date(text, order) == expected
    assert type(parse_date(text, order)) is D


@pytest.mark.parametrize("order", list(DateOrder))
def test_a_four_digit_first_number_is_always_the_year(order):
    assert parse_date("2024-03-05", order) == D(2024, 3, 5)
    assert parse_date("2024/3/5", order) == D(2024, 3, 5)
    assert parse_date("2024-03-05T14:30:00", order) == DT(2024, 3, 5, 14, 30)


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("05/03/2024 14:30", DMY, DT(2024, 3, 5, 14, 30)),
        ("05/03/2024 14:30:15", DMY, DT(2024, 3, 5, 14, 30, 15)),
        ("2024-03-05 14:30:00.250", DMY, DT(2024, 3, 5, 14, 30, 0, 250000)),
        ("3/5/2024 2:30 PM", MDY, DT(2024, 3, 5, 14, 30)),
        ("3/5/2024, 12:05 am", MDY, DT(2024, 3, 5, 0, 5)),
        ("3/5/2024 12:05 p.m.", MDY, DT(2024, 3, 5, 12, 5)),
        ("2024-03-05T00:00:00", YMD, DT(2024, 3, 5)),
    ],
)
def test_dates_with_a_time_are_naive_datetimes(text, order, expected):
    parsed = parse_date(text, order)
    assert parsed == expected
    assert isinstance(parsed, DT) and parsed.tzinfo is None


def test_a_date_with_its_own_utc_offset_keeps_it():
    assert parse_date("2024-03-05T14:30:00Z", DMY) == DT(2024, 3, 5, 14, 30, tzinfo=datetime.UTC)
    moment = parse_date("2024-03-05 14:30:00-03:00", DMY)
    assert moment == DT(2024, 3, 5, 17, 30, tzinfo=datetime.UTC)
    assert parse_date("2024-03-05T14:30+0530", DMY) == DT(2024, 3, 5, 9, 0, tzinfo=datetime.UTC)


def test_two_digit_years_turn_at_69():
    assert parse_date("01/01/69", DMY) == D(2069, 1, 1)
    assert parse_date("01/01/70", DMY) == D(1970, 1, 1)
    assert parse_date("01/01/00", DMY) == D(2000, 1, 1)
    assert parse_date("99-12-31", YMD) == D(1999, 12, 31)


@pytest.mark.parametrize(
    "text",
    [
        "31/02/2024",
        "29/02/2023",
        "ontem",
        "",
        "   ",
        "2024-13-01",
        "2024-02-30",
        "00/01/2024",
        "05/03-2024",
        "05/03/202",
        "05/03/2",
        "123/03/2024",
        "2024-03-005",
        "05/03/2024 25:00",
        "05/03/2024 14:60",
        "05/03/2024 13:00 PM",
        "05/03/2024 0:30 AM",
        "05/03/2024 14h30",
        "5 de março de 2024",
        "45356",
    ],
)
def test_what_is_not_a_date_is_refused(text):
    with pytest.raises(Unreadable) as exc:
        parse_date(text, DMY)
    assert exc.value.code is ValueCode.DATE_INVALID
    assert text.strip() in exc.value.message


def test_a_month_above_12_is_refused_in_that_order():
    with pytest.raises(Unreadable):
        parse_date("12/31/2024", DMY)
    with pytest.raises(Unreadable):
        parse_date("31/12/2024", MDY)


def test_a_year_last_date_in_a_year_first_column_is_read_only_when_it_can_be():
    assert parse_date("31/12/2024", YMD) == D(2024, 12, 31)
    assert parse_date("12/31/2024", YMD) == D(2024, 12, 31)
    with pytest.raises(Unreadable) as exc:
        parse_date("05/03/2024", YMD)
    assert exc.value.code is ValueCode.DATE_AMBIGUOUS


def test_the_column_is_day_first_when_a_first_number_is_above_12():
    guess = guess_date_order(["05/03/2024", "", "31/12/2024", "01/02/2024 10:00"], default=MDY)
    assert (guess.order, guess.ambiguous) == (DMY, False)
    assert "31/12/2024" in guess.reason


def test_the_column_is_month_first_when_a_second_number_is_above_12():
    guess = guess_date_order(["03/05/2024", "12/31/2024 5:00 PM"], default=DMY)
    assert (guess.order, guess.ambiguous) == (MDY, False)
    assert "12/31/2024 5:00 PM" in guess.reason


def test_a_column_of_iso_dates_is_year_first():
    guess = guess_date_order(["2024-03-05", "2024-12-31T10:00:00"], default=DMY)
    assert (guess.order, guess.ambiguous) == (YMD, False)
    assert "2024-03-05" in guess.reason


def test_a_conflicting_column_goes_with_the_majority_and_says_so():
    guess = guess_date_order(["13/01/2024", "14/01/2024", "12/31/2024"], default=MDY)
    assert (guess.order, guess.ambiguous) == (DMY, True)
    assert "13/01/2024" in guess.reason and "12/31/2024" in guess.reason
    guess = guess_date_order(["13/01/2024", "12/30/2024", "12/31/2024"], default=DMY)
    assert (guess.order, guess.ambiguous) == (MDY, True)


def test_a_tie_goes_to_the_default_order():
    assert guess_date_order(["13/01/2024", "12/31/2024"], default=MDY).order is MDY
    assert guess_date_order(["13/01/2024", "12/31/2024"], default=DMY).order is DMY
    assert guess_date_order(["13/01/2024", "12/31/2024"], default=YMD).order is DMY


def test_an_undecided_column_takes_the_default_and_asks():
    for default in DateOrder:
        guess = guess_date_order(["05/03/2024", "01/02/24", "12/12/2024"], default=default)
        assert (guess.order, guess.ambiguous) == (default, True)
        assert "12" in guess.reason
    # ISO dates beside undecided ones do not decide the others.
    assert guess_date_order(["2024-03-05", "05/03/2024"], default=MDY) == guess_date_order(["05/03/2024"], default=MDY)


def test_cells_that_are_not_dates_do_not_vote():
    guess = guess_date_order(["ontem", "", "n/a", "45/45/2024", "31/12/2024"], default=MDY)
    assert (guess.order, guess.ambiguous) == (DMY, False)
    empty = guess_date_order(["ontem", ""], default=MDY)
    assert (empty.order, empty.ambiguous) == (MDY, False)
    assert empty.reason


def test_the_guess_reads_a_generator_once():
    dates = (f"{day:02d}/01/2024" for day in range(1, 29))
    assert guess_date_order(dates, default=MDY).order is DMY


# --- Amounts ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("R$ 1.234,56", "1234.56", "BRL"),
        ("R$1.234.567,89", "1234567.89", "BRL"),
        ("1.234,56 €", "1234.56", "EUR"),
        ("€ 1.234,56", "1234.56", "EUR"),
        ("$1,234.56", "1234.56", "USD"),
        ("US$ 1,234.56", "1234.56", "USD"),
        ("£12", "12", "GBP"),
        ("1234.56", "1234.56", ""),
        ("1234,56", "1234.56", ""),
        ("1 234,56", "1234.56", ""),
        ("1\u00a0234,56", "1234.56", ""),
        ("1\u202f234,56 €", "1234.56", "EUR"),
        ("1'234.50", "1234.50", ""),
        ("-1.234,56", "-1234.56", ""),
        ("R$ -1.234,56", "-1234.56", "BRL"),
        ("-R$ 1.234,56", "-1234.56", "BRL"),
        ("\u22125", "-5", ""),
        ("1.234,56-", "-1234.56", ""),
        ("(1,234.56)", "-1234.56", ""),
        ("(R$ 1.234,56)", "-1234.56", "BRL"),
        ("+12", "12", ""),
        ("USD 1,234", "1234", "USD"),
        ("1.234,56 BRL", "1234.56", "BRL"),
        ("CHF1000", "1000", "CHF"),
        ("1.234", "1234", ""),
        ("1,234", "1234", ""),
        ("1.234.567", "1234567", ""),
        ("12,5", "12.5", ""),
        ("12.5", "12.5", ""),
        ("1234,567", "1234.567", ""),
        ("0,125", "0.125", ""),
        ("0.5", "0.5", ""),
        (",5", "0.5", ""),
        ("0", "0", ""),
        ("  42  ", "42", ""),
    ],
)
def test_amounts_as_people_write_them(text, amount, currency):
    assert parse_amount(text) == Decimal(amount)
    assert amount_currency(text) == currency
    assert parse_money(text) == (Decimal(amount), currency)


@pytest.mark.parametrize(
    "text",
    [
        "abc",
        "",
        "R$",
        "1,2,3,4",
        "1.234.56",
        "1,234,56",
        "12 34",
        "1.23.456",
        "(12",
        "12)",
        "--5",
        "-(5)",
        "R$ 5 BRL",
        "1e5",
        "NaN",
        "Infinity",
        "12abc",
        "usd 12",
        "5 %",
        "1" * 70,
    ],
)
def test_what_is_not_an_amount_is_refused(text):
    with pytest.raises(Unreadable) as exc:
        parse_amount(text)
    assert exc.value.code is ValueCode.AMOUNT_INVALID
    assert amount_currency(text) == ""


def test_a_refusal_is_a_domain_error_with_a_code_and_a_message():
    with pytest.raises(DomainError) as exc:
        parse_amount("abc")
    assert isinstance(exc.value, Unreadable)
    assert exc.value.as_dict()["code"] == "amount_invalid"
    assert "abc" in exc.value.message


# --- Yes / no and names ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["yes", "Yes", "TRUE", "true", "1", "sim", "Sim", "S", "sí", "Sí", "si", "x", "X", " y "]
)
def test_yes(text):
    assert parse_bool(text) is True


@pytest.mark.parametrize("text", ["no", "No", "FALSE", "false", "0", "não", "NÃO", "nao", "n", "", "  "])
def test_no(text):
    assert parse_bool(text) is False


@pytest.mark.parametrize("text", ["talvez", "2", "yes please", "sim?", "maybe", "-1"])
def test_what_is_not_a_yes_or_no_is_refused(text):
    with pytest.raises(Unreadable) as exc:
        parse_bool(text)
    assert exc.value.code is ValueCode.BOOLEAN_INVALID


def test_full_names_split_as_at_every_other_door():
    assert split_full_name("Maria da Silva") == ("Maria", "da Silva")
    assert split_full_name("Silva, Maria") == ("Maria", "Silva")
    assert split_full_name("  Cher ") == ("Cher", "")
