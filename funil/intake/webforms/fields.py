"""Which lead fields a web form can ask for, how each is shown, and its label in the visitor's language."""

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from funil.catalog.models import CustomField, CustomFieldEntity, FieldType

LANGUAGES = ("en", "pt-br", "es")
CUSTOM_PREFIX = "custom:"
MAX_FIELDS = 30
MAX_LABEL = 200
# Filled in by the page (script or query string), never shown: campaign tags and the page the form was on.
UTM_FIELDS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")
HIDDEN_FIELDS = (*UTM_FIELDS, "page_url")
# Fields the form itself uses; a lead field can never take these names.
TOKEN_FIELD = "_token"
LANGUAGE_FIELD = "_lang"
CONSENT_FIELD = "consent"
HONEYPOT_FIELD = "homepage"  # looks worth filling to a bot; hidden from people and screen readers


@dataclass(frozen=True)
class FormField:
    """One field a form can show: the lead field it fills, its input and its default label."""

    key: str
    label: Promise | str
    input: str  # text, email, tel, url, number, date, textarea, country, select, checkbox, checkboxes
    max_length: int = 200
    choices: tuple[str, ...] = field(default=())

    @property
    def is_custom(self) -> bool:
        return self.key.startswith(CUSTOM_PREFIX)

    @property
    def lead_key(self) -> str:
        return self.key.removeprefix(CUSTOM_PREFIX)


LEAD_FIELDS = {
    f.key: f
    for f in (
        FormField("full_name", _("Full name"), "text", 200),
        FormField("first_name", _("First name"), "text", 100),
        FormField("last_name", _("Last name"), "text", 100),
        FormField("email", _("Email"), "email", 254),
        FormField("phone", _("Phone"), "tel", 40),
        FormField("mobile", _("Mobile / WhatsApp"), "tel", 40),
        FormField("company_name", _("Company"), "text", 200),
        FormField("title", _("Job title"), "text", 120),
        FormField("website", _("Website"), "url", 300),
        FormField("city", _("City"), "text", 120),
        FormField("country", _("Country"), "country", 2),
        FormField("need", _("How can we help?"), "textarea", 5000),
        FormField("budget", _("Budget"), "number", 20),
    )
}
# At least one of these must be on a form: a lead needs a name, a company, an email or a phone.
IDENTITY_KEYS = frozenset({"full_name", "first_name", "last_name", "email", "phone", "mobile", "company_name"})
DEFAULT_FIELDS = ("full_name", "email", "phone", "company_name", "need")

_CUSTOM_INPUTS = {
    FieldType.TEXT: "text",
    FieldType.NUMBER: "number",
    FieldType.DATE: "date",
    FieldType.CHOICE: "select",
    FieldType.MULTI_CHOICE: "checkboxes",
    FieldType.BOOLEAN: "checkbox",
}


def custom_field(definition: CustomField) -> FormField:
    return FormField(
        CUSTOM_PREFIX + definition.key,
        definition.label,
        _CUSTOM_INPUTS.get(FieldType(definition.type), "text"),
        500,
        tuple(str(c) for c in definition.choices or ()),
    )


def custom_definitions(workspace_id: int, keys: list[str] | None = None) -> dict[str, FormField]:
    """The workspace's active lead custom fields as form fields, by form key (all of them, or only `keys`)."""
    qs = CustomField.objects.filter(workspace_id=workspace_id, entity=CustomFieldEntity.LEAD, active=True)
    if keys is not None:
        wanted = [k.removeprefix(CUSTOM_PREFIX) for k in keys if k.startswith(CUSTOM_PREFIX)]
        if not wanted:
            return {}
        qs = qs.filter(key__in=wanted)
    return {CUSTOM_PREFIX + d.key: custom_field(d) for d in qs.order_by("position", "id")}


def available_fields(workspace_id: int) -> dict[str, FormField]:
    """Every field the builder offers: the lead's own, then the workspace's custom fields."""
    return {**LEAD_FIELDS, **custom_definitions(workspace_id)}


def label_in(entry: dict[str, Any], spec: FormField, language: str) -> str:
    """The admin's label in `language`, else the field's default label translated into it."""
    labels = entry.get("labels") or {}
    if labels.get(language):
        return str(labels[language])
    with translation.override(language):
        return str(spec.label)


def text_in(texts: dict[str, str], language: str) -> str:
    """A per-language text (consent, thank-you): the visitor's language, else English, else any."""
    return texts.get(language) or texts.get("en") or next((t for t in texts.values() if t), "")


def visitor_language(requested: str = "") -> str:
    """One of the form languages: the one asked for, else the active one (Accept-Language), else English."""
    for candidate in (requested.lower(), (translation.get_language() or "").lower()):
        if candidate in LANGUAGES:
            return candidate
        if candidate.split("-")[0] in LANGUAGES:
            return candidate.split("-")[0]
        if candidate.startswith("pt"):
            return "pt-br"
    return "en"


@lru_cache(maxsize=8)
def countries(language: str) -> list[tuple[str, str]]:
    """(ISO code, name in `language`) sorted by name; the phone library carries the names."""
    from funil.core.normalize import _ISO_COUNTRIES

    try:
        from phonenumbers.geocoder import _region_display_name
    except ImportError:  # pragma: no cover - the codes still work
        return sorted((c, c) for c in _ISO_COUNTRIES)
    lang = language.split("-")[0]
    names = [(code, _region_display_name(code, lang) or code) for code in _ISO_COUNTRIES]
    return sorted(names, key=lambda pair: _unaccented(pair[1]))


def _unaccented(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).casefold()
