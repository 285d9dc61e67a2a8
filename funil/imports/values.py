"""Reading a spreadsheet cell's text as a date, an amount or a yes/no, in the ways people write them.

These run once per cell of a file that may have a million rows: each is a precompiled regular expression or a
dictionary lookup, and the translated message is only built for a cell that cannot be read.
"""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from funil.core.errors import DomainError
from funil.intake.normalize import split_full_name

__all__ = [
    "DateGuess",
    "DateOrder",
    "Unreadable",
    "ValueCode",
    "amount_currency",
    "guess_date_order",
    "parse_amount",
    "parse_bool",
    "parse_date",
    "parse_money",
    "split_full_name",  # "Silva, Maria" → ("Maria", "Silva"): the same split every other door uses
]


class ValueCode(StrEnum):
    DATE_INVALID = "date_invalid"
    DATE_AMBIGUOUS = "date_ambiguous"
    AMOUNT_INVALID = "amount_invalid"
    BOOLEAN_INVALID = "boolean_invalid"


class Unreadable(DomainError):
    """A cell's text is not a value of its column's kind."""

    def __init__(self, code: ValueCode, message: str) -> None:
        super().__init__(code, message)
        self.code: ValueCode = code


class DateOrder(StrEnum):
    DMY = "dmy"
    MDY = "mdy"
    YMD = "ymd"


@dataclass(frozen=True)
class DateGuess:
    order: DateOrder
    ambiguous: bool  # True when nothing in the column decides, or the column contradicts itself
    reason: str  # translated, shown to the person who confirms the order


# --- Dates -----------------------------------------------------------------------------------------------------

# Three numbers with one separator ("05/03/2024", "5-3-24", "2024.03.05"), then an optional time of day with
# seconds, fraction, AM/PM and a UTC offset ("2024-03-05T14:30:00Z", "3/5/2024 2:30 PM").
_DATE = re.compile(
    r"(\d{1,4})([/.\-])(\d{1,2})\2(\d{1,4})"
    r"(?:(?:T|,? +)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6})\d*)?)?(?: *([AaPp])\.?[Mm]\.?)?"
    r" *(Z|[+-]\d{2}:?\d{2})?)?"
)
_DATE_START = re.compile(r"\s*(\d{1,4})([/.\-])(\d{1,2})\2(\d{1,4})")
_UTC = datetime.UTC
_SHOWN = 60  # characters of a cell quoted back in a message


def parse_date(text: str, order: DateOrder) -> datetime.date | datetime.datetime:
    """A date, or a datetime when a time is given: naive, unless the text carries its own UTC offset.

    A four-digit first number is always the year (ISO); otherwise `order` says which number is the day.
    Two-digit years up to 69 are 20xx, the others 19xx.
    """
    match = _DATE.fullmatch(text.strip())
    if match is None:
        raise _bad_date(text)
    first, _sep, second, third, hour, minute, sec, frac, half, zone = match.groups()
    year, month, day = _ymd(text, first, second, third, order)
    try:
        if hour is None:
            return datetime.date(year, month, day)
        hours = _hour(int(hour), half)
        micro = int(frac.ljust(6, "0")) if frac else 0
        return datetime.datetime(year, month, day, hours, int(minute), int(sec or 0), micro, tzinfo=_zone(zone))
    except ValueError:
        raise _bad_date(text) from None


def _ymd(text: str, first: str, second: str, third: str, order: DateOrder) -> tuple[int, int, int]:
    if len(first) == 4:
        if len(third) > 2:
            raise _bad_date(text)
        return int(first), int(second), int(third)
    if len(first) == 3 or len(third) in (1, 3):
        raise _bad_date(text)
    a, b, c = int(first), int(second), int(third)
    if order is DateOrder.YMD:
        if len(third) == 2:
            return _full_year(a, first), b, c
        # A year-last date in a year-first column: only a number above 12 tells the day.
        if a <= 12 and b <= 12:
            message = _("%(value)s could be day or month first; fix it or choose the date order.")
            raise Unreadable(ValueCode.DATE_AMBIGUOUS, message % {"value": text[:_SHOWN]})
        order = DateOrder.DMY if a > 12 else DateOrder.MDY
    year = _full_year(c, third)
    return (year, b, a) if order is DateOrder.DMY else (year, a, b)


def _full_year(number: int, digits: str) -> int:
    if len(digits) == 4:
        return number
    return 2000 + number if number <= 69 else 1900 + number


def _hour(hour: int, half: str | None) -> int:
    if half is None:
        return hour
    if not 1 <= hour <= 12:
        raise ValueError("not a 12-hour clock hour")
    return hour % 12 + (12 if half in "Pp" else 0)


def _zone(zone: str | None) -> datetime.tzinfo | None:
    if zone is None:
        return None
    if zone == "Z":
        return _UTC
    minutes = int(zone[1:3]) * 60 + int(zone[-2:])
    return datetime.timezone(datetime.timedelta(minutes=-minutes if zone[0] == "-" else minutes))


def _bad_date(text: str) -> Unreadable:
    message = _("%(value)s is not a date (write it like 31/12/2024 or 2024-12-31).") % {"value": text[:_SHOWN]}
    return Unreadable(ValueCode.DATE_INVALID, message)


def guess_date_order(samples: Iterable[str], *, default: DateOrder) -> DateGuess:
    """The order a whole column is written in: a first number above 12 is a day (31/12), a second one above 12
    makes the first a month (12/31), a four-digit first number is a year; when nothing decides, `default`."""
    counts = dict.fromkeys((DateOrder.DMY, DateOrder.MDY, DateOrder.YMD, None), 0)
    examples: dict[DateOrder, str] = {}
    for sample in samples:
        match = _DATE_START.match(sample)
        if match is None:
            continue
        vote = _vote(match.group(1), match.group(3))
        counts[vote] += 1
        if vote is not None and vote not in examples:
            examples[vote] = sample.strip()[:_SHOWN]
    dmy, mdy, ymd, undecided = counts.values()
    if dmy and mdy:
        return _conflict(examples, dmy, mdy, default)
    for order, decided in ((DateOrder.DMY, dmy), (DateOrder.MDY, mdy), (DateOrder.YMD, ymd and not undecided)):
        if decided:
            return DateGuess(order, False, str(_DECIDED[order]) % {"value": examples[order]})
    if not undecided:
        return DateGuess(default, False, _("There are no dates in this column to read."))
    return DateGuess(default, True, str(_UNDECIDED[default]))


def _vote(first: str, second: str) -> DateOrder | None:
    """What one date says of its column's order; None when it could be either."""
    if len(first) == 4:
        return DateOrder.YMD
    day_first, month_first = int(first) > 12, int(second) > 12
    if day_first == month_first:
        return None  # both at most 12 (undecided) or both above (not a date; parsing it will say so)
    return DateOrder.DMY if day_first else DateOrder.MDY


def _conflict(examples: dict[DateOrder, str], dmy_count: int, mdy_count: int, default: DateOrder) -> DateGuess:
    if dmy_count == mdy_count:
        order = default if default is not DateOrder.YMD else DateOrder.DMY
    else:
        order = DateOrder.DMY if dmy_count > mdy_count else DateOrder.MDY
    values = {"dmy": examples[DateOrder.DMY], "mdy": examples[DateOrder.MDY]}
    if order is DateOrder.DMY:
        reason = _("%(dmy)s can only be day first but %(mdy)s only month first; day first assumed, as in most.")
    else:
        reason = _("%(mdy)s can only be month first but %(dmy)s only day first; month first assumed, as in most.")
    return DateGuess(order, True, reason % values)


_DECIDED: dict[DateOrder, Promise] = {
    DateOrder.DMY: gettext_lazy("%(value)s can only be day first."),
    DateOrder.MDY: gettext_lazy("%(value)s can only be month first."),
    DateOrder.YMD: gettext_lazy("%(value)s is written year first."),
}
_UNDECIDED: dict[DateOrder, Promise] = {
    DateOrder.DMY: gettext_lazy(
        "No date had a day above 12, so each could be read either way; day first assumed, as usual in this workspace."
    ),
    DateOrder.MDY: gettext_lazy(
        "No date had a day above 12, so each could be read either way; month first assumed, as usual in this workspace."
    ),
    DateOrder.YMD: gettext_lazy(
        "No date had a day above 12, so each could be read either way; year first assumed, as usual in this workspace."
    ),
}


# --- Amounts ---------------------------------------------------------------------------------------------------

_SYMBOLS = {"R$": "BRL", "US$": "USD", "U$": "USD", "U$S": "USD", "$": "USD", "€": "EUR", "£": "GBP"}
_CURRENCY = r"R\$|US\$|U\$S?|\$|€|£|[A-Z]{3}"
# Sign, parentheses and a currency symbol or ISO code may stand before or after the number.
_SIGN = r"[-+\u2212]"
_DIGITS = r"[.,]?\d(?:[\d.,'\u2019\s]*\d)?"
_MONEY = re.compile(rf"(\()? *({_SIGN})? *({_CURRENCY})? *({_SIGN})? *({_DIGITS}) *({_CURRENCY})? *(-)? *(\))?")
# Thousands groups of three after a separator (".", ",", a space or an apostrophe), then a decimal part.
_NUMBER = re.compile(r"(\d{1,3}([.,'\u2019\s])\d{3}(?:\2\d{3})*|\d*)(?:([.,])(\d+))?")
_SPACES = str.maketrans("", "", " \u00a0\u202f'\u2019.,")
_MAX_TEXT = 64  # longer is not an amount, and bounds the regular expressions' work


def parse_amount(text: str) -> Decimal:
    """ "R$ 1.234,56", "$1,234.56", "1 234,56 €", "(1,234.56)" (negative), "12,5"; "1.234" is a thousand."""
    return parse_money(text)[0]


def amount_currency(text: str) -> str:
    """The currency an amount is written in: BRL for R$, EUR for €, USD for $ and US$, an ISO code as written;
    "" when none is given or the text is not an amount."""
    try:
        return parse_money(text)[1]
    except Unreadable:
        return ""


def parse_money(text: str) -> tuple[Decimal, str]:
    """The amount and its currency (as `amount_currency`) in one reading."""
    match = _MONEY.fullmatch(text.strip()) if len(text) <= _MAX_TEXT else None
    if match is None:
        raise _bad_amount(text)
    opened, sign1, before, sign2, number, after, sign3, closed = match.groups()
    signs = [s for s in (sign1, sign2, sign3) if s]
    if (opened is None) != (closed is None) or len(signs) > 1 or (before and after) or (opened and signs):
        raise _bad_amount(text)
    amount = _number(text, number)
    if opened or (signs and signs[0] != "+"):
        amount = -amount
    currency = before or after or ""
    return amount, _SYMBOLS.get(currency, currency)


def _number(text: str, number: str) -> Decimal:
    match = _NUMBER.fullmatch(number)
    if match is None:
        raise _bad_amount(text)
    whole, thousands, point, fraction = match.groups()
    if thousands and point == thousands:
        raise _bad_amount(text)
    head, _sep, tail = whole.partition(thousands or ".")
    if thousands in (".", ",") and point is None and tail.isdigit() and not head.strip("0"):
        # "0,125" or "0.5" is a fraction, not a thousand-and-something.
        whole, fraction = "0", tail
    digits = whole.translate(_SPACES) or "0"
    try:
        return Decimal(f"{digits}.{fraction}" if fraction else digits)
    except InvalidOperation:
        raise _bad_amount(text) from None


def _bad_amount(text: str) -> Unreadable:
    message = _("%(value)s is not an amount (write it like 1234.56 or 1.234,56).") % {"value": text[:_SHOWN]}
    return Unreadable(ValueCode.AMOUNT_INVALID, message)


# --- Yes / no --------------------------------------------------------------------------------------------------

_TRUE = ("yes", "y", "true", "t", "1", "x", "on", "sim", "s", "verdadeiro", "si", "sí", "verdadero", "✓", "✔")
_FALSE = ("no", "n", "false", "f", "0", "", "off", "-", "não", "nao", "falso")
_BOOLEANS = {**dict.fromkeys(_TRUE, True), **dict.fromkeys(_FALSE, False)}


def parse_bool(text: str) -> bool:
    """Yes/no in English, Portuguese and Spanish, true/false, 1/0, or a column of crosses: "x" is yes and a
    blank cell no (a column whose blank means "unknown" is left empty before it is read)."""
    found = _BOOLEANS.get(text.strip().lower())
    if found is None:
        message = _("%(value)s is not a yes or no (write yes, no, sim, não, sí, 1 or 0).") % {"value": text[:_SHOWN]}
        raise Unreadable(ValueCode.BOOLEAN_INVALID, message)
    return found
