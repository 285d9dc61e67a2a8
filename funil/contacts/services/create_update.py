"""contact_create, company_create, contact_update and company_update: every manual write of their fields."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from funil.accounts.access import Actor, require
from funil.accounts.members import new_record_owner
from funil.activities import timeline
from funil.activities.models import Kind
from funil.core.errors import ValidationFailed
from funil.core.writes import apply_changes, lock_for_write, save_versioned

from ..errors import ContactError
from ..models import Company, Contact
from .fields import CONTACT_IDENTITY, read_input


def contact_create(*, actor: Actor, data: dict[str, Any], owner_id: int | None = None) -> Contact:
    require(actor, "contact", "create")
    values = read_input(actor, "contact", data)
    if not any(values.get(k) for k in CONTACT_IDENTITY):
        raise ValidationFailed.single("first_name", ContactError.EMPTY, _("Give at least a name, an email or a phone."))
    owner_id, team_id = new_record_owner(actor, "contact", owner_id)
    contact = Contact(workspace=actor.workspace, owner_id=owner_id, team_id=team_id, **values)
    contact.refresh_search_text()
    with transaction.atomic():
        contact.save()
        timeline.record_created(actor, contact, values)
    return contact


def company_create(*, actor: Actor, data: dict[str, Any], owner_id: int | None = None) -> Company:
    require(actor, "company", "create")
    values = read_input(actor, "company", data)
    if not values.get("name"):
        raise ValidationFailed.single("name", ContactError.COMPANY_NAME_REQUIRED, _("A company needs a name."))
    owner_id, team_id = new_record_owner(actor, "company", owner_id)
    company = Company(workspace=actor.workspace, owner_id=owner_id, team_id=team_id, **values)
    company.refresh_search_text()
    with transaction.atomic():
        company.save()
        timeline.record_created(actor, company, values)
    return company


def contact_update(*, actor: Actor, contact: Contact, expected_version: int, changes: dict[str, Any]) -> Contact:
    """Change fields; logs old and new values. A stale `expected_version` is refused with a conflict."""
    require(actor, "contact", "update", contact)
    values = read_input(actor, "contact", changes, existing=contact.custom_fields)
    with transaction.atomic():
        contact = lock_for_write(contact, expected_version)
        changed = apply_changes(contact, values)
        if not changed:
            return contact
        if not any(getattr(contact, k) for k in CONTACT_IDENTITY):
            raise ValidationFailed.single(
                next(iter(changed)), ContactError.EMPTY, _("A contact keeps at least a name, an email or a phone.")
            )
        _save_with_timeline(actor, contact, changed)
    return contact


def company_update(*, actor: Actor, company: Company, expected_version: int, changes: dict[str, Any]) -> Company:
    """Change fields; a new name is carried into its contacts' search text in the same transaction."""
    require(actor, "company", "update", company)
    values = read_input(actor, "company", changes, existing=company.custom_fields)
    if "name" in values and not values["name"]:
        raise ValidationFailed.single("name", ContactError.COMPANY_NAME_REQUIRED, _("A company needs a name."))
    with transaction.atomic():
        company = lock_for_write(company, expected_version)
        changed = apply_changes(company, values)
        if not changed:
            return company
        _save_with_timeline(actor, company, changed)
        if "name" in changed:
            _refresh_contacts_search(company)
    return company


def _save_with_timeline(actor: Actor, record: Contact | Company, changed: dict[str, list[Any]]) -> None:
    before = record.search_text
    record.refresh_search_text()
    save_versioned(record, list(changed) + (["search_text"] if record.search_text != before else []))
    timeline.record(
        actor=actor,
        target=record,
        kind=Kind.FIELD_CHANGE,
        subject=f"Changed {', '.join(sorted(changed))}",
        payload={"changes": changed, "version": record.version},
    )


def _refresh_contacts_search(company: Company) -> None:
    """Search text is derived, so this is no edit of the contacts: no version bump, no timeline row."""
    contacts = list(
        Contact.objects.filter(company=company).only(
            "pk", "company_id", "first_name", "last_name", "email_normalized", "phone_e164", "mobile_e164"
        )
    )
    for contact in contacts:
        contact.company = company
        contact.refresh_search_text()
    Contact.objects.bulk_update(contacts, ["search_text"], batch_size=500)
