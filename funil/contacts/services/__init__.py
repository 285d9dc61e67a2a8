"""Every write to contacts and companies."""

from .assign import company_assign, contact_assign
from .create_update import company_create, company_update, contact_create, contact_update

__all__ = [
    "company_assign",
    "company_create",
    "company_update",
    "contact_assign",
    "contact_create",
    "contact_update",
]
