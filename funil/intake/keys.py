"""The keys identity matching compares: normalised email, E.164 phones, messenger ids, names and a company key.

The company key is the company name lower-cased, with Latin accents folded and spaces and punctuation dropped
("Vértice Transportes, ME" → "verticetransportesme"). On PostgreSQL the same expression is indexed (migration
intake 0002), so "everyone at this company" is one short index range, not a scan.
"""

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.db.models import CharField, Func
from rapidfuzz import fuzz

from funil.core.domains import company_domain
from funil.core.errors import ValidationFailed
from funil.core.normalize import normalize_email, normalize_phone
from funil.core.search import fold

from .normalize import messenger_id, normalize_url, split_full_name

# Each accented letter (both cases: lower() in a C-locale database leaves "É" as it is) and its plain letter.
_FOLDS = {
    "a": "áàâãäåā",
    "e": "éèêëē",
    "i": "íìîï",
    "o": "óòôõöø",
    "u": "úùûü",
    "c": "ç",
    "n": "ñ",
    "y": "ýÿ",
}
_ACCENTED = "".join(chars + chars.upper() for chars in _FOLDS.values())
_PLAIN = "".join(plain * 2 * len(chars) for plain, chars in _FOLDS.items())
_DROPPED = " .,;:-_/&()+!?'\"`\u00b4"  # the last one: an acute accent typed on its own
_TABLE = str.maketrans(_ACCENTED, _PLAIN, _DROPPED)


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# The SQL of the company key; the index in intake/migrations/0002 is built on exactly this expression.
COMPANY_KEY_SQL = f"translate(lower(%(expressions)s), {_literal(_ACCENTED + _DROPPED)}, {_literal(_PLAIN)})"


class CompanyKey(Func):
    """company_key() in SQL (PostgreSQL: translate() drops the characters it has no replacement for)."""

    template = COMPANY_KEY_SQL
    output_field = CharField()


def company_key(name: str) -> str:
    return (name or "").lower().translate(_TABLE)


def name_similarity(a: str, b: str, *, at_least: float = 0.0) -> float:
    """0..1 between two people's names, folded; order-insensitive ("Pereira João" = "João Pereira").
    Below `at_least` the answer is 0 (rapidfuzz then stops early: matching compares hundreds of names)."""
    a, b = fold(a), fold(b)
    if not a or not b:
        return 0.0
    if " " in a and " " in b:
        return float(fuzz.token_sort_ratio(a, b, score_cutoff=at_least * 100)) / 100
    # One side is a single name: it may be the other's first name, a little less sure.
    return float(fuzz.token_set_ratio(a, b, score_cutoff=at_least * 100 / 0.95)) / 100 * 0.95


def names_compatible(first_a: str, last_a: str, first_b: str, last_b: str) -> bool:
    """Could these be the same person? Unknown names are compatible; different first names are not (two
    colleagues on one switchboard number share a last name and a phone, not a first name)."""
    if not (first_a or last_a) or not (first_b or last_b):
        return True
    if first_a and first_b and fuzz.ratio(fold(first_a), fold(first_b)) < 80:
        return False
    if last_a and last_b:
        return name_similarity(f"{first_a} {last_a}", f"{first_b} {last_b}") >= 0.6
    return True


@dataclass
class Keys:
    """What one incoming person is looked up by."""

    email: str = ""
    phones: list[str] = field(default_factory=list)
    messenger: list[tuple[str, str]] = field(default_factory=list)
    first_name: str = ""
    last_name: str = ""
    company: str = ""
    domains: list[str] = field(default_factory=list)

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)

    @property
    def company_key(self) -> str:
        return company_key(self.company)


def keys_for(country: str, person: dict[str, Any], messenger: dict[str, Any] | None = None) -> Keys:
    """Keys of a person given raw (as a channel sent it) or already normalised (a lead's own fields).

    Matching never refuses: a value that does not parse is simply not looked up.
    """
    keys = Keys(email=_email(person))
    for name in ("phone", "mobile"):
        e164 = person.get(f"{name}_e164") or _phone(person.get(name), country)
        if e164 and e164 not in keys.phones:
            keys.phones.append(e164)
    for kind, value in (messenger or {}).items():
        try:
            keys.messenger.append((str(kind), messenger_id(str(kind), str(value).strip(), country=country)))
        except ValidationFailed:
            continue
    first, last = str(person.get("first_name") or "").strip(), str(person.get("last_name") or "").strip()
    if not (first or last) and isinstance(person.get("full_name"), str):
        first, last = split_full_name(person["full_name"])
    keys.first_name, keys.last_name = first, last
    keys.company = str(person.get("company_name") or "").strip()
    keys.domains = [d for d in dict.fromkeys((company_domain(keys.email), _site(person.get("website")))) if d]
    return keys


def _site(raw: Any) -> str:
    """The host of a website, without "www.": companies are kept by their bare domain."""
    if not isinstance(raw, str) or not raw.strip():
        return ""
    try:
        host = urlsplit(normalize_url(raw)).hostname or ""
    except ValidationFailed:
        return ""
    return company_domain("x@" + host.removeprefix("www."))


def _email(person: dict[str, Any]) -> str:
    if person.get("email_normalized"):
        return str(person["email_normalized"])
    raw = person.get("email")
    if not isinstance(raw, str) or not raw.strip():
        return ""
    try:
        return normalize_email(raw)
    except ValidationFailed:
        return ""


def _phone(raw: Any, country: str) -> str:
    if not isinstance(raw, str | int) or not str(raw).strip():
        return ""
    try:
        return normalize_phone(str(raw), country=country).e164
    except ValidationFailed:
        return ""
