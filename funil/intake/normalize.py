"""Reading what a channel sent into lead fields: every problem per field with a code, nothing written.

Names are trimmed and NFC-normalised (never transliterated: accents, emoji and right-to-left text are kept as
sent), `full_name` is split when first and last names are missing, emails and phones are read by
`funil.core.normalize` through the leads' own field reader, URLs get a scheme and a lower-case IDNA host, and a
country may be given by its name in several languages ("Brasil", "España") as well as by its ISO code.
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache, partial
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import idna
from django.utils.translation import gettext as _

from funil.accounts.access import Actor, scoped
from funil.catalog.models import Campaign, Source
from funil.core.errors import FieldError, ValidationFailed
from funil.core.normalize import clean_text, normalize_country, normalize_phone
from funil.core.search import fold
from funil.leads.services.fields import read_lead_input


class IntakeError:
    URL_INVALID = "url_invalid"
    COUNTRY_INVALID = "country_invalid"
    MESSENGER_INVALID = "messenger_invalid"
    PERSON_INVALID = "person_invalid"
    REFERENCE_INVALID = "reference_invalid"


# Keys a channel may send that are not lead fields: read here, then kept on the activity instead.
INTAKE_ONLY = ("full_name", "page_url")
MESSENGER_KIND = re.compile(r"[a-z][a-z0-9_]{0,19}")


@dataclass
class Person:
    """One incoming person: `data` goes to lead_create as sent (cleaned), `values` is what it normalises to."""

    data: dict[str, Any]
    values: dict[str, Any]
    messenger: dict[str, str] = field(default_factory=dict)
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def email(self) -> str:
        return str(self.values.get("email_normalized") or "")

    @property
    def phones(self) -> list[str]:
        found = [self.values.get("phone_e164"), self.values.get("mobile_e164"), self.messenger.get("whatsapp")]
        return list(dict.fromkeys(p for p in found if p))

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.values.get("first_name"), self.values.get("last_name")) if p)


def normalize_person(actor: Actor, person: dict[str, Any], messenger: dict[str, Any] | None = None) -> Person:
    """Validate and normalise; raises ValidationFailed listing every bad field (person and messenger alike)."""
    if not isinstance(person, dict):
        raise ValidationFailed.single("person", IntakeError.PERSON_INVALID, _("Send the lead's fields as an object."))
    errors: list[FieldError] = []
    data = {k: v for k, v in person.items() if k not in INTAKE_ONLY}
    extras: dict[str, Any] = {}
    _split_name(person, data)
    for key in ("first_name", "last_name"):
        if isinstance(data.get(key), str):
            data[key] = clean_text(data[key])
    if person.get("page_url"):
        extras["page_url"] = str(person["page_url"])[:2000]
    _read_special(actor, data, errors)
    ids = _read_messenger(actor, messenger or {}, errors)
    values: dict[str, Any] = {}
    try:
        values = read_lead_input(actor.workspace, data, scope=partial(scoped, actor))
    except ValidationFailed as exc:
        errors.extend(exc.errors)
    if errors:
        raise ValidationFailed(errors)
    return Person(data=data, values=values, messenger=ids, extras=extras)


def _split_name(person: dict[str, Any], data: dict[str, Any]) -> None:
    full = person.get("full_name")
    if not isinstance(full, str) or person.get("first_name") or person.get("last_name"):
        return
    first, last = split_full_name(full)
    data["first_name"], data["last_name"] = first, last


def without_nul(value: Any) -> Any:
    """The same data with NUL characters dropped (PostgreSQL stores none, in text or JSON), at any depth."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {without_nul(k): without_nul(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(without_nul(v) for v in value)
    return value


def split_full_name(full: str) -> tuple[str, str]:
    """ "Maria da Silva" → ("Maria", "da Silva"); "Silva, Maria" → ("Maria", "Silva"); one word is a first name."""
    full = clean_text(full)
    if full.count(",") == 1:
        last, first = (clean_text(p) for p in full.split(","))
        if first and last:
            return first, last
        full = first or last
    first, _sep, last = full.partition(" ")
    return first, last


def _read_special(actor: Actor, data: dict[str, Any], errors: list[FieldError]) -> None:
    """The fields intake reads more generously than a form: URLs, country names, sources and campaigns by name."""
    if data.get("website"):
        try:
            data["website"] = normalize_url(str(data["website"]))
        except ValidationFailed as exc:
            errors.extend(exc.errors)
    if isinstance(data.get("country"), str) and data["country"].strip():
        code = country_code(data["country"])
        if code:
            data["country"] = code
        else:
            errors.append(
                FieldError(
                    "country",
                    IntakeError.COUNTRY_INVALID,
                    _("%(value)r is not a country we know (use its name or ISO code).") % {"value": data["country"]},
                )
            )
    for key, model in (("source", Source), ("campaign", Campaign)):
        value = data.get(key)
        if isinstance(value, str) and value.strip() and not value.strip().isdigit():
            found = model.objects.filter(workspace=actor.workspace, name__iexact=value.strip()).first()
            if found is None:
                errors.append(
                    FieldError(
                        key,
                        IntakeError.REFERENCE_INVALID,
                        _("No %(thing)s named %(name)r here.")
                        % {
                            "thing": model._meta.verbose_name,
                            "name": value,
                        },
                    )
                )
                data.pop(key)
            else:
                data[key] = found.pk


def _read_messenger(actor: Actor, messenger: Any, errors: list[FieldError]) -> dict[str, str]:
    """Messenger ids by kind: a WhatsApp id is a phone number (E.164), a Telegram id a number or @username."""
    if not isinstance(messenger, dict):
        errors.append(FieldError("messenger", IntakeError.MESSENGER_INVALID, _("Send messenger ids as an object.")))
        return {}
    ids: dict[str, str] = {}
    for kind, value in messenger.items():
        name = f"messenger.{kind}"
        text = str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else ""
        if not isinstance(kind, str) or not MESSENGER_KIND.fullmatch(kind) or not text or len(text) > 200:
            errors.append(FieldError(name, IntakeError.MESSENGER_INVALID, _("Not a messenger id.")))
            continue
        try:
            ids[kind] = messenger_id(kind, text, country=actor.workspace.country)
        except ValidationFailed:
            errors.append(FieldError(name, IntakeError.MESSENGER_INVALID, _("Not a messenger id.")))
    return ids


def messenger_id(kind: str, value: str, *, country: str) -> str:
    """The one spelling of an id that lookups compare: E.164 for WhatsApp, lower-case usernames for Telegram."""
    if kind == "whatsapp":
        return normalize_phone(value, country=country, field=f"messenger.{kind}").e164
    if kind == "telegram":
        if value.startswith("@"):
            return value.lower()
        if not value.isdigit():
            raise ValidationFailed.single(f"messenger.{kind}", IntakeError.MESSENGER_INVALID, "")
    return value


def normalize_url(value: str, *, field: str = "website") -> str:
    """https:// added when no scheme is given, the host lower-cased and IDNA-encoded, credentials dropped."""
    raw = value.strip()
    if not raw:
        return ""
    if "://" not in raw:
        raw = "https://" + raw.lstrip("/")
    invalid = ValidationFailed.single(
        field, IntakeError.URL_INVALID, _("%(value)r is not a web address.") % {"value": value}
    )
    try:
        parts = urlsplit(raw)
        port = parts.port
        host = idna.encode(parts.hostname or "", uts46=True).decode("ascii")
    except (ValueError, idna.IDNAError, UnicodeError):
        raise invalid from None
    if parts.scheme.lower() not in ("http", "https") or "." not in host or any(c.isspace() for c in raw):
        raise invalid
    netloc = f"{host}:{port}" if port else host
    return urlunsplit((parts.scheme.lower(), netloc, parts.path, parts.query, parts.fragment))


def country_code(value: str) -> str:
    """ISO 3166-1 alpha-2 code of a code or a country name ("", when unknown)."""
    text = clean_text(value)
    if len(text) == 2 and _is_iso(text):
        return text.upper()
    return _country_names().get(fold(text).replace(".", ""), "")


def _is_iso(code: str) -> bool:
    try:
        return bool(normalize_country(code))
    except ValidationFailed:
        return False


# Common names the phone library's tables do not carry.
_ALIASES = {"usa": "US", "eua": "US", "eeuu": "US", "uk": "GB", "inglaterra": "GB", "holanda": "NL"}
_LANGUAGES = ("aa", "en", "pt", "es", "ca", "fr", "de", "it", "nl")


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """Folded country name → code, in the languages Funil's users write in, from the phone library's tables."""
    from phonenumbers.geodata.locale import LOCALE_DATA

    names: dict[str, str] = dict(_ALIASES)
    for code, by_language in LOCALE_DATA.items():
        if not _is_iso(code):
            continue
        for language in _LANGUAGES:
            name = by_language.get(language, "")
            while name.startswith("*"):
                name = by_language.get(name[1:], "")
            if name:
                names.setdefault(fold(name).replace(".", ""), code)
    return names
