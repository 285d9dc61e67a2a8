"""Which contact and company fields a person may set, and how each raw value is read and normalised."""

from functools import partial
from typing import Any

from django.utils.translation import gettext as _

from funil.accounts.access import Actor, scoped
from funil.catalog.custom_fields import validate_custom_fields
from funil.core.inputs import InputReader

from ..errors import ContactError
from ..models import Company, Lifecycle

CONTACT_TEXT = {
    "first_name": 100,
    "last_name": 100,
    "title": 120,
    "street": 200,
    "city": 120,
    "region": 120,
    "postal_code": 20,
    "language": 10,
    "website": 300,
}
COMPANY_TEXT = {
    "name": 200,
    "website": 300,
    "industry": 120,
    "street": 200,
    "city": 120,
    "region": 120,
    "postal_code": 20,
}
_OTHER = {
    "contact": {"email", "phone", "mobile", "country", "lifecycle", "company", "custom_fields"},
    "company": {"phone", "country", "size", "domain", "custom_fields"},
}
# Changed only through their own services (assign) or derived.
SERVICE_FIELDS = frozenset({"owner", "team", "version", "search_text", "workspace"})
CONTACT_IDENTITY = ("first_name", "last_name", "email", "phone", "mobile")
MAX_COMPANY_SIZE = 10_000_000


def read_input(actor: Actor, entity: str, data: dict[str, Any], *, existing: dict[str, Any] | None = None) -> dict:
    """Normalised values of a contact's or company's fields; raises ValidationFailed listing every bad field.

    `existing` is the record's current custom fields, which a partial custom-field change merges into.
    """
    text = CONTACT_TEXT if entity == "contact" else COMPANY_TEXT
    reader = InputReader(workspace_id=actor.workspace.pk, country=actor.workspace.country, scope=partial(scoped, actor))
    for key, value in data.items():
        if key in SERVICE_FIELDS:
            reader.fail(
                key,
                ContactError.FIELD_READ_ONLY,
                _("%(field)s is changed by its own action, not by an edit.") % {"field": key},
            )
        elif key not in text and key not in _OTHER[entity]:
            reader.fail(key, ContactError.FIELD_UNKNOWN, _("No field %(field)r.") % {"field": key})
        elif key in text:
            reader.text(key, value, text[key])
        else:
            _read_other(reader, actor, entity, key, value, existing)
    reader.raise_if_errors()
    return reader.values


def _read_other(
    reader: InputReader, actor: Actor, entity: str, key: str, value: Any, existing: dict[str, Any] | None
) -> None:
    if key == "email":
        reader.email(key, value)
    elif key in ("phone", "mobile"):
        reader.phone(key, value, with_extension=key == "phone" and entity == "contact")
    elif key == "country":
        reader.country_code(key, value)
    elif key == "lifecycle":
        reader.choice(key, value, Lifecycle)
    elif key == "company":
        reader.reference(key, value, Company.objects.all())
    elif key == "size":
        _read_size(reader, value)
    elif key == "domain":
        reader.text(key, str(value or "").strip().lower(), 200)
    elif key == "custom_fields":
        _read_custom(reader, actor, entity, value, existing)


def _read_size(reader: InputReader, value: Any) -> None:
    raw = str(value if value is not None else "").strip()
    if not raw:
        reader.values["size"] = None
    elif not raw.isdigit() or int(raw) > MAX_COMPANY_SIZE:
        reader.fail("size", ContactError.SIZE_INVALID, _("A company size is a whole number of employees."))
    else:
        reader.values["size"] = int(raw)


def _read_custom(reader: InputReader, actor: Actor, entity: str, value: Any, existing: dict[str, Any] | None) -> None:
    if not isinstance(value, dict):
        reader.fail("custom_fields", "invalid", _("Custom fields must be an object of key: value."))
        return
    reader.run(
        "custom_fields",
        lambda: {
            "custom_fields": validate_custom_fields(
                workspace_id=actor.workspace.pk, entity=entity, values=value, existing=existing or {}
            )
        },
    )
