"""Normalisers for contact data: each returns the normalised value or raises ValidationFailed for its field."""

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import phonenumbers
from django.utils.translation import gettext as _
from email_validator import EmailNotValidError, validate_email

from .errors import ValidationFailed


class NormalizeError:
    EMAIL_INVALID = "email_invalid"
    PHONE_INVALID = "phone_invalid"
    COUNTRY_INVALID = "country_invalid"
    CURRENCY_INVALID = "currency_invalid"
    AMOUNT_INVALID = "amount_invalid"


def clean_text(value: str | None) -> str:
    """Trim, collapse inner whitespace and NFC-normalise (so 'é' typed two ways compares equal)."""
    if not value:
        return ""
    return " ".join(unicodedata.normalize("NFC", value).split())


def normalize_email(value: str, *, field: str = "email") -> str:
    """Lower-cased, IDNA-encoded domain, syntax checked without any network lookup."""
    try:
        result = validate_email(value.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValidationFailed.single(field, NormalizeError.EMAIL_INVALID, str(exc)) from None
    local, _, _domain = result.normalized.rpartition("@")
    return f"{local}@{result.ascii_domain}".lower()


@dataclass(frozen=True)
class Phone:
    e164: str
    extension: str


# "ramal 12", "r. 12", "ext. 12", "extensão 12", "x12": phonenumbers knows some, not the Portuguese ones.
_EXTENSION = re.compile(r"\s*(?:ramal|extens[aã]o|ext\.?|r\.|x)\s*(\d{1,6})\s*$", re.IGNORECASE)


def normalize_phone(value: str, *, country: str, field: str = "phone") -> Phone:
    """E.164 using the workspace's default country for numbers written without a country code."""
    raw = unicodedata.normalize("NFC", value).strip()  # "extensão" may arrive with a combining tilde
    extension = ""
    match = _EXTENSION.search(raw)
    if match:
        extension, raw = match.group(1), raw[: match.start()]
    try:
        number = phonenumbers.parse(raw, (country or "").upper() or None)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_possible_number(number):
        raise ValidationFailed.single(
            field, NormalizeError.PHONE_INVALID, _("%(value)r is not a phone number.") % {"value": value}
        )
    extension = extension or (number.extension or "")
    return Phone(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), extension)


# ISO 3166-1 alpha-2: the phone library's regions, less its non-ISO ones (Ascension, Tristan da Cunha,
# Kosovo), plus the ISO territories that have no telephone numbering of their own.
_ISO_COUNTRIES = (frozenset(phonenumbers.SUPPORTED_REGIONS) - {"001", "AC", "TA", "XK"}) | {
    "AQ",
    "BV",
    "GS",
    "HM",
    "PN",
    "TF",
    "UM",
}


def normalize_country(value: str, *, field: str = "country") -> str:
    code = value.strip().upper()
    if code and code not in _ISO_COUNTRIES:
        raise ValidationFailed.single(
            field, NormalizeError.COUNTRY_INVALID, _("%(value)r is not an ISO 3166 country code.") % {"value": value}
        )
    return code


def normalize_currency(value: str, *, field: str = "currency") -> str:
    code = value.strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise ValidationFailed.single(
            field, NormalizeError.CURRENCY_INVALID, _("%(value)r is not an ISO 4217 currency code.") % {"value": value}
        )
    return code


# Amounts are stored as NUMERIC(14, 2): twelve digits before the decimal point.
MAX_AMOUNT = Decimal("999999999999.99")


def normalize_amount(value: object, *, field: str = "amount") -> Decimal:
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValidationFailed.single(
            field, NormalizeError.AMOUNT_INVALID, _("%(value)r is not an amount.") % {"value": value}
        ) from None
    if not amount.is_finite() or amount < 0:
        raise ValidationFailed.single(field, NormalizeError.AMOUNT_INVALID, _("An amount must be zero or more."))
    if amount > MAX_AMOUNT:
        raise ValidationFailed.single(
            field, NormalizeError.AMOUNT_INVALID, _("An amount must be at most %(max)s.") % {"max": MAX_AMOUNT}
        )
    return amount.quantize(Decimal("0.01"))
