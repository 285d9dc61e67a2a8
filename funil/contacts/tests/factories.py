"""Contacts and companies for tests, built through the real services."""

from itertools import count
from typing import Any

from funil.accounts.access import Actor
from funil.contacts.models import Company, Contact
from funil.contacts.services import company_create, contact_create

_seq = count(1)


def make_company(actor: Actor, **data: Any) -> Company:
    owner_id = data.pop("owner_id", None)
    data.setdefault("name", f"Company {next(_seq)}")
    return company_create(actor=actor, data=data, owner_id=owner_id)


def make_contact(actor: Actor, **data: Any) -> Contact:
    owner_id = data.pop("owner_id", None)
    n = next(_seq)
    data.setdefault("first_name", f"Contact{n}")
    data.setdefault("last_name", "Silva")
    data.setdefault("email", f"contact{n}@example.com")
    return contact_create(actor=actor, data=data, owner_id=owner_id)
