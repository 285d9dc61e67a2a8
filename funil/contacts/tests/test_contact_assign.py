import pytest

from funil.activities.models import Activity, Kind
from funil.contacts.models import Company, Contact
from funil.contacts.services import company_assign, contact_assign
from funil.core.errors import Conflict, Forbidden, ValidationFailed

from .factories import make_company, make_contact


def test_assigning_a_contact_moves_it_into_the_new_owners_scope(ana, bruno):
    contact = make_contact(ana)
    contact_assign(actor=ana, contact=contact, owner_id=bruno.user.pk, expected_version=1, reason="His region")
    stored = Contact.objects.get(pk=contact.pk)
    assert (stored.owner_id, stored.team_id, stored.version) == (bruno.user.pk, bruno.team_id, 2)
    entry = Activity.objects.get(contact=contact, kind=Kind.ASSIGNMENT)
    assert entry.payload["owner"] == [ana.user.pk, bruno.user.pk] and entry.body == "His region"
    with pytest.raises(Conflict):
        contact_assign(actor=ana, contact=contact, owner_id=None, expected_version=1)


def test_a_company_can_be_given_to_nobody_and_only_to_members(ana, carla):
    company = make_company(ana)
    company_assign(actor=ana, company=company, owner_id=None, expected_version=1)
    assert Company.objects.get(pk=company.pk).owner_id is None
    with pytest.raises(ValidationFailed):
        company_assign(actor=ana, company=company, owner_id=carla.user.pk, expected_version=2)


def test_a_salesperson_and_a_reader_cannot_assign(ana, bruno, rita):
    contact = make_contact(ana, owner_id=bruno.user.pk)
    for who in (bruno, rita):
        with pytest.raises(Forbidden):
            contact_assign(actor=who, contact=contact, owner_id=ana.user.pk)
