"""contact_assign and company_assign: giving a contact or a company to a member (or to nobody)."""

from funil.accounts.access import Actor
from funil.activities.ownership import owner_change

from ..models import Company, Contact


def contact_assign(
    *, actor: Actor, contact: Contact, owner_id: int | None, expected_version: int | None = None, reason: str = ""
) -> Contact:
    return owner_change(
        actor=actor, record=contact, owner_id=owner_id, expected_version=expected_version, reason=reason
    )


def company_assign(
    *, actor: Actor, company: Company, owner_id: int | None, expected_version: int | None = None, reason: str = ""
) -> Company:
    return owner_change(
        actor=actor, record=company, owner_id=owner_id, expected_version=expected_version, reason=reason
    )
