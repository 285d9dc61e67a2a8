"""contact_delete and company_delete: remove contacts and companies for good, with their timelines.

A contact or company that still has deals is refused: deals are the revenue history, and a deal about nobody
cannot be followed up; move or delete its deals first. A company's contacts outlive it: each is detached, with a
row on its own timeline saying which company went. Leads converted into either keep their own data and only lose
the link.
"""

from collections.abc import Iterable
from typing import Any

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import ngettext

from funil.accounts.access import Actor
from funil.activities.deletion import DeletionError, DeletionPlan, delete_records, plan_deletion
from funil.activities.models import Activity, Kind
from funil.core.errors import DomainError
from funil.deals.models import Deal
from funil.leads.models import Lead

from .models import Company, Contact


def _grouped(model: type[Any], fk: str, ids: list[int]) -> dict[int, int]:
    return dict(model.objects.filter(**{f"{fk}__in": ids}).values_list(fk).annotate(n=Count("*")).order_by())


def _no_deals(record: Contact | Company, extra: dict[str, int]) -> None:
    if n := extra.get("deals", 0):
        raise DomainError(
            DeletionError.HAS_DEALS,
            ngettext(
                "%(name)s has %(n)d deal; move or delete it first.",
                "%(name)s has %(n)d deals; move or delete them first.",
                n,
            )
            % {"name": record, "n": n},
        )


def _contact_extras(ids: list[int]) -> dict[str, dict[int, int]]:
    return {"deals": _grouped(Deal, "contact_id", ids), "leads_unlinked": _grouped(Lead, "contact_id", ids)}


def _company_extras(ids: list[int]) -> dict[str, dict[int, int]]:
    return {
        "deals": _grouped(Deal, "company_id", ids),
        "contacts_detached": _grouped(Contact, "company_id", ids),
        "leads_unlinked": _grouped(Lead, "company_id", ids),
    }


def _details(record: Contact | Company) -> dict[str, Any]:
    return {"owner": record.owner_id}


def contact_delete_plan(*, actor: Actor, contacts: Iterable[Contact]) -> DeletionPlan:
    return plan_deletion(actor=actor, records=contacts, check=_no_deals, extras=_contact_extras)


def contact_delete(*, actor: Actor, contacts: Iterable[Contact]) -> int:
    """Delete the contacts (all of them or none), with their timelines and files; audited."""
    return delete_records(actor=actor, records=contacts, check=_no_deals, extras=_contact_extras, details=_details)


def company_delete_plan(*, actor: Actor, companies: Iterable[Company]) -> DeletionPlan:
    return plan_deletion(actor=actor, records=companies, check=_no_deals, extras=_company_extras)


def company_delete(*, actor: Actor, companies: Iterable[Company]) -> int:
    """Delete the companies (all of them or none), detaching their contacts; audited."""

    def detach(locked: list[Company]) -> None:
        _detach_contacts(actor, locked)

    return delete_records(
        actor=actor, records=companies, check=_no_deals, extras=_company_extras, details=_details, before=detach
    )


def _detach_contacts(actor: Actor, companies: list[Company]) -> None:
    """Each contact of these companies loses its company (and the company's name from its search text), with a
    new version and a timeline row, as any other change to it would have."""
    names = {c.pk: c.name for c in companies}
    contacts = list(Contact.objects.select_for_update(of=("self",)).filter(company_id__in=names).order_by("pk"))
    now = timezone.now()
    rows = []
    for contact in contacts:
        old = contact.company_id
        contact.company = None
        contact.refresh_search_text()
        contact.version += 1
        contact.updated_at = now
        rows.append(
            Activity(
                workspace=actor.workspace,
                contact=contact,
                kind=Kind.FIELD_CHANGE,
                subject=f"Company deleted: {names[old]}"[:300],  # type: ignore[index]
                payload={"changes": {"company": [old, None]}, "deleted": "company", "version": contact.version},
                actor=actor.user,
                actor_label="" if actor.user else actor.system_label,
            )
        )
    Contact.objects.bulk_update(contacts, ["company", "search_text", "version", "updated_at"], batch_size=500)
    Activity.objects.bulk_create(rows, batch_size=500)  # new rows only: the timeline stays append-only
