"""Writes to contacts and companies."""

from functools import partial
from typing import Any

from django.db import transaction

from funil.accounts.access import Actor, require, scoped
from funil.accounts.members import new_record_owner
from funil.activities import timeline
from funil.core.errors import ValidationFailed
from funil.core.inputs import InputReader

from .models import Company, Contact, Lifecycle

_CONTACT_TEXT = {
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
_COMPANY_TEXT = {
    "name": 200,
    "website": 300,
    "industry": 120,
    "street": 200,
    "city": 120,
    "region": 120,
    "postal_code": 20,
}


_CONTACT_OTHER = {"email", "phone", "mobile", "country", "lifecycle", "company"}
_COMPANY_OTHER = {"phone", "country", "size", "domain"}


def _read(actor: Actor, data: dict[str, Any], text: dict[str, int]) -> dict[str, Any]:
    reader = InputReader(workspace_id=actor.workspace.pk, country=actor.workspace.country, scope=partial(scoped, actor))
    allowed = set(text) | (_CONTACT_OTHER if text is _CONTACT_TEXT else _COMPANY_OTHER)
    for key, value in data.items():
        if key not in allowed:
            reader.fail(key, "field_unknown", f"No field {key!r}.")
        elif key in text:
            reader.text(key, value, text[key])
        elif key == "email":
            reader.email(key, value)
        elif key in ("phone", "mobile"):
            reader.phone(key, value, with_extension=key == "phone" and "first_name" in text)
        elif key == "country":
            reader.country_code(key, value)
        elif key == "lifecycle":
            reader.choice(key, value, Lifecycle)
        elif key == "company":
            reader.reference(key, value, Company.objects.all())
        elif key == "size":
            size = int(value) if str(value or "").isdigit() else None
            if size is not None and size > 10_000_000:
                reader.fail(key, "invalid", "A company size is a number of employees.")
            reader.values[key] = size
        elif key == "domain":
            reader.text(key, str(value or "").lower(), 200)
    reader.raise_if_errors()
    return reader.values


def contact_create(*, actor: Actor, data: dict[str, Any], owner_id: int | None = None) -> Contact:
    require(actor, "contact", "create")
    values = _read(actor, data, _CONTACT_TEXT)
    if not any(values.get(k) for k in ("first_name", "last_name", "email", "phone", "mobile")):
        raise ValidationFailed.single("first_name", "contact_empty", "Give at least a name, an email or a phone.")
    owner_id, team_id = new_record_owner(actor, "contact", owner_id)
    contact = Contact(workspace=actor.workspace, owner_id=owner_id, team_id=team_id, **values)
    contact.refresh_search_text()
    with transaction.atomic():
        contact.save()
        timeline.record_created(actor, contact, values)
    return contact


def company_create(*, actor: Actor, data: dict[str, Any], owner_id: int | None = None) -> Company:
    require(actor, "company", "create")
    values = _read(actor, data, _COMPANY_TEXT)
    if not values.get("name"):
        raise ValidationFailed.single("name", "company_name_required", "A company needs a name.")
    owner_id, team_id = new_record_owner(actor, "company", owner_id)
    company = Company(workspace=actor.workspace, owner_id=owner_id, team_id=team_id, **values)
    company.refresh_search_text()
    with transaction.atomic():
        company.save()
        timeline.record_created(actor, company, values)
    return company
