import unicodedata
from decimal import Decimal

import pytest

from funil.core.errors import ValidationFailed
from funil.core.normalize import (
    Phone,
    clean_text,
    normalize_amount,
    normalize_country,
    normalize_currency,
    normalize_email,
    normalize_phone,
)


def refusal(fn, *args, **kwargs) -> tuple[str | None, str]:
    with pytest.raises(ValidationFailed) as exc:
        fn(*args, **kwargs)
    return exc.value.field, exc.value.code


# Text
def test_text_is_trimmed_collapsed_and_composed():
    decomposed = unicodedata.normalize("NFD", "  João \t da   Silva\n")
    assert clean_text(decomposed) == "João da Silva"
    assert clean_text(decomposed) == clean_text("João da Silva")
    assert clean_text(None) == ""


# Email
def test_emails_are_trimmed_and_lower_cased():
    assert normalize_email("  Ana.Souza@EXAMPLE.com ") == "ana.souza@example.com"


def test_an_international_domain_is_stored_in_its_ascii_form():
    assert normalize_email("José@Exâmple.com") == "josé@xn--exmple-xta.com"
    assert normalize_email("ana@MÜNCHEN.example.com") == "ana@xn--mnchen-3ya.example.com"


def test_the_same_address_written_two_ways_normalises_the_same():
    assert normalize_email("Maria@Exâmple.COM") == normalize_email("maria@xn--exmple-xta.com")


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "   ",
        "not-an-email",
        "ana@",
        "@example.com",
        "ana@@example.com",
        "ana souza@example.com",
        "ana@example",
        "ana@example.test",
    ],
)
def test_invalid_emails_are_refused_with_a_code(bad):
    assert refusal(normalize_email, bad) == ("email", "email_invalid")


def test_the_refusal_names_the_field_it_was_given():
    assert refusal(normalize_email, "nope", field="work_email") == ("work_email", "email_invalid")


# Phone
def test_a_brazilian_mobile_written_locally_gets_the_country_code():
    assert normalize_phone("(11) 91234-5678", country="BR") == Phone("+5511912345678", "")
    assert normalize_phone("11 91234 5678", country="br").e164 == "+5511912345678"


def test_a_portuguese_number_with_its_own_code_ignores_the_default_country():
    assert normalize_phone("+351 21 123 4567", country="BR") == Phone("+351211234567", "")
    assert normalize_phone("+351 21 123 4567", country="ES").e164 == "+351211234567"


def test_a_spanish_number_is_read_with_the_spanish_default():
    assert normalize_phone("912 34 56 78", country="ES") == Phone("+34912345678", "")


@pytest.mark.parametrize(
    "suffix",
    ["ramal 21", "RAMAL 21", "r. 21", "ext. 21", "ext 21", "extensão 21", "extensao 21", "x21", "x 21"],
)
def test_extensions_are_split_off_in_portuguese_and_english(suffix):
    assert normalize_phone(f"(11) 3456-7890 {suffix}", country="BR") == Phone("+551134567890", "21")


def test_an_extension_written_with_a_combining_accent_is_understood_too():
    typed = unicodedata.normalize("NFD", "(11) 3456-7890 extensão 21")
    assert normalize_phone(typed, country="BR") == Phone("+551134567890", "21")


def test_an_extension_phonenumbers_knows_is_kept():
    assert normalize_phone("+1 650 253 0000 ext 12", country="BR") == Phone("+16502530000", "12")


@pytest.mark.parametrize("garbage", ["", "banana", "12", "x21", "ramal 21", "+55", "1234567890123456789"])
def test_garbage_is_not_a_phone(garbage):
    assert refusal(normalize_phone, garbage, country="BR") == ("phone", "phone_invalid")


def test_a_local_number_without_a_default_country_cannot_be_read():
    assert refusal(normalize_phone, "(11) 91234-5678", country="", field="mobile") == (
        "mobile",
        "phone_invalid",
    )


# Country
def test_countries_are_upper_cased_iso_codes():
    assert [normalize_country(c) for c in ("br", " pt ", "ES")] == ["BR", "PT", "ES"]


def test_an_empty_country_is_allowed():
    assert normalize_country("  ") == ""


@pytest.mark.parametrize("bad", ["ZZ", "BRA", "Brasil", "001", "B"])
def test_unknown_countries_are_refused(bad):
    assert refusal(normalize_country, bad) == ("country", "country_invalid")


# Currency
def test_currencies_are_upper_cased_three_letter_codes():
    assert [normalize_currency(c) for c in ("brl", " eur ", "USD")] == ["BRL", "EUR", "USD"]


@pytest.mark.parametrize("bad", ["", "R$", "EURO", "EU", "12A", "€"])
def test_malformed_currencies_are_refused(bad):
    assert refusal(normalize_currency, bad, field="won_currency") == ("won_currency", "currency_invalid")


# Amount
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("10", "10.00"),
        ("1234.5", "1234.50"),
        (0, "0.00"),
        (99.9, "99.90"),
        (Decimal("7.125"), "7.12"),
        ("1e3", "1000.00"),
        (" 42 ", "42.00"),
    ],
)
def test_amounts_are_decimals_with_two_places(raw, expected):
    amount = normalize_amount(raw)
    assert isinstance(amount, Decimal)
    assert str(amount) == expected


@pytest.mark.parametrize("bad", ["-1", "-0.01", "abc", "1,5", "", None, "NaN", "Infinity", "-Infinity"])
def test_negative_or_unreadable_amounts_are_refused(bad):
    assert refusal(normalize_amount, bad, field="budget") == ("budget", "amount_invalid")


@pytest.mark.parametrize("huge", ["1e30", "99999999999999999999999999999"])
def test_an_absurdly_large_amount_is_refused_not_a_crash(huge):
    assert refusal(normalize_amount, huge) == ("amount", "amount_invalid")
