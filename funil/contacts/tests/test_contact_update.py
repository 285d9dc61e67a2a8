from unittest import mock

import pytest

from funil.activities.models import Activity, Kind
from funil.catalog.models import CustomField
from funil.contacts.models import Contact
from funil.contacts.services import contact_update
from funil.core.errors import Conflict, Forbidden, ValidationFailed

from .factories import make_company, make_contact


def test_changes_are_normalised_logged_and_searchable(ana):
    contact = make_contact(ana, first_name="Joana", email="joana@old.example.com")
    contact = contact_update(
        actor=ana,
        contact=contact,
        expected_version=1,
        changes={"email": "Joana@Padaria.com.br", "mobile": "(11) 98765-4321", "lifecycle": "customer"},
    )
    stored = Contact.objects.get(pk=contact.pk)
    assert (stored.version, stored.email_normalized, stored.mobile_e164) == (
        2,
        "joana@padaria.com.br",
        "+5511987654321",
    )
    assert stored.lifecycle == "customer"
    assert "padaria.com.br" in stored.search_text and "5511987654321" in stored.search_text
    entry = Activity.objects.get(contact=contact, kind=Kind.FIELD_CHANGE)
    assert entry.payload["changes"]["lifecycle"] == ["lead", "customer"]
    assert entry.payload["version"] == 2 and entry.actor_id == ana.user.pk


def test_linking_a_company_puts_its_name_in_the_search_text(ana):
    company = make_company(ana, name="Padaria Boa")
    contact = make_contact(ana)
    contact_update(actor=ana, contact=contact, expected_version=1, changes={"company": company.pk})
    stored = Contact.objects.get(pk=contact.pk)
    assert stored.company == company and "padaria boa" in stored.search_text


def test_every_bad_field_is_reported_and_nothing_changes(ana):
    contact = make_contact(ana)
    with pytest.raises(ValidationFailed) as exc:
        contact_update(
            actor=ana,
            contact=contact,
            expected_version=1,
            changes={"email": "nope", "lifecycle": "vip", "country": "Brazil", "owner": 3, "shoe_size": 42},
        )
    assert {e.field for e in exc.value.errors} == {"email", "lifecycle", "country", "owner", "shoe_size"}
    assert Contact.objects.get(pk=contact.pk).version == 1


def test_a_contact_keeps_at_least_a_name_an_email_or_a_phone(ana):
    contact = make_contact(ana, first_name="Joana", last_name="", email="")
    with pytest.raises(ValidationFailed) as exc:
        contact_update(actor=ana, contact=contact, expected_version=1, changes={"first_name": " "})
    assert exc.value.code == "contact_empty"


def test_custom_fields_are_validated_against_the_contact_definitions(ana):
    CustomField.objects.create(
        workspace=ana.workspace, entity="contact", key="tier", label="Tier", type="choice", choices=["A", "B"]
    )
    contact = make_contact(ana)
    with pytest.raises(ValidationFailed):
        contact_update(actor=ana, contact=contact, expected_version=1, changes={"custom_fields": {"tier": "Z"}})
    contact_update(actor=ana, contact=contact, expected_version=1, changes={"custom_fields": {"tier": "A"}})
    assert Contact.objects.get(pk=contact.pk).custom_fields == {"tier": "A"}


def test_a_stale_version_is_a_conflict_and_changes_nothing(ana):
    contact = make_contact(ana, city="Recife")
    contact_update(actor=ana, contact=contact, expected_version=1, changes={"city": "Olinda"})
    with pytest.raises(Conflict) as exc:
        contact_update(actor=ana, contact=contact, expected_version=1, changes={"city": "Natal"})
    assert exc.value.current_version == 2
    assert Contact.objects.get(pk=contact.pk).city == "Olinda"


def test_an_update_that_changes_nothing_writes_nothing(ana):
    contact = make_contact(ana, city="Recife")
    contact = contact_update(actor=ana, contact=contact, expected_version=1, changes={"city": " Recife "})
    assert contact.version == 1 and not Activity.objects.filter(contact=contact, kind=Kind.FIELD_CHANGE).exists()


def test_a_failure_after_the_write_leaves_neither_the_change_nor_its_timeline_row(ana):
    contact = make_contact(ana, city="Recife")
    with (
        mock.patch("funil.activities.timeline.Activity.save", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        contact_update(actor=ana, contact=contact, expected_version=1, changes={"city": "Natal"})
    assert (Contact.objects.get(pk=contact.pk).city, Contact.objects.get(pk=contact.pk).version) == ("Recife", 1)


def test_bruno_edits_only_his_own_contacts_and_links_only_companies_he_sees(ana, bruno, rita, carla):
    mine = make_contact(ana, owner_id=bruno.user.pk)
    theirs = make_contact(ana)
    anas_company = make_company(ana)
    with pytest.raises(Forbidden):
        contact_update(actor=bruno, contact=theirs, expected_version=1, changes={"city": "Natal"})
    with pytest.raises(ValidationFailed) as exc:
        contact_update(actor=bruno, contact=mine, expected_version=1, changes={"company": anas_company.pk})
    assert exc.value.code == "reference_invalid"
    for outsider in (rita, carla):
        with pytest.raises(Forbidden):
            contact_update(actor=outsider, contact=mine, expected_version=1, changes={"city": "Natal"})
