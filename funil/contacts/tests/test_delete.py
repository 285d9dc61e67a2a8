import pytest

from funil.activities.deletion import DeletionError
from funil.activities.models import Activity, Kind
from funil.activities.services import activity_log
from funil.contacts.deletion import company_delete, company_delete_plan, contact_delete, contact_delete_plan
from funil.contacts.models import Company, Contact
from funil.contacts.tests.factories import make_company, make_contact
from funil.core.errors import DomainError, Forbidden
from funil.core.models import AuditEntry
from funil.deals.models import Deal
from funil.leads.models import Lead
from funil.leads.services import lead_convert
from funil.testing.factories import make_deal, make_lead


def test_ana_deletes_a_contact_with_its_timeline(ana):
    contact = make_contact(ana, first_name="Joana", last_name="Prado")
    activity_log(actor=ana, target=contact, kind=Kind.NOTE, body="Prefers email")
    assert contact_delete(actor=ana, contacts=[contact]) == 1
    assert not Contact.objects.filter(pk=contact.pk).exists()
    assert not Activity.objects.filter(contact_id=contact.pk).exists()
    entry = AuditEntry.objects.get(entity="contact", record_id=contact.pk)
    assert (entry.label, entry.actor_id, entry.details["timeline"]) == ("Joana Prado", ana.user.pk, 2)


def test_a_contact_with_deals_is_refused_until_its_deals_are_gone(ana):
    contact = make_contact(ana)
    deal = make_deal(ana, contact=contact.pk)
    [item] = contact_delete_plan(actor=ana, contacts=[contact]).refused
    assert (item.refusal.code, item.extra["deals"]) == (DeletionError.HAS_DEALS, 1)
    with pytest.raises(DomainError) as exc:
        contact_delete(actor=ana, contacts=[contact])
    assert exc.value.code == DeletionError.HAS_DEALS
    assert Contact.objects.filter(pk=contact.pk).exists()
    Deal.objects.filter(pk=deal.pk).update(contact=None)
    assert contact_delete(actor=ana, contacts=[contact]) == 1


def test_a_lead_converted_into_the_contact_keeps_its_data_but_loses_the_link(ana):
    lead = make_lead(ana, first_name="Joana")
    conversion = lead_convert(actor=ana, lead=lead, expected_version=lead.version, create_deal=False)
    [item] = contact_delete_plan(actor=ana, contacts=[conversion.contact]).deletable
    assert item.extra["leads_unlinked"] == 1
    contact_delete(actor=ana, contacts=[conversion.contact])
    lead.refresh_from_db()
    assert (lead.contact_id, lead.first_name, lead.status) == (None, "Joana", "converted")


def test_a_company_goes_and_its_contacts_stay_detached_with_a_timeline_row(ana):
    company = make_company(ana, name="Padaria Boa")
    contact = make_contact(ana, company=company.pk)
    assert "padaria" in Contact.objects.get(pk=contact.pk).search_text
    [item] = company_delete_plan(actor=ana, companies=[company]).deletable
    assert item.extra["contacts_detached"] == 1

    assert company_delete(actor=ana, companies=[company]) == 1

    assert not Company.objects.filter(pk=company.pk).exists()
    kept = Contact.objects.get(pk=contact.pk)
    assert kept.company_id is None and "padaria" not in kept.search_text
    assert kept.version == contact.version + 1
    row = Activity.objects.filter(contact=kept, kind=Kind.FIELD_CHANGE).get()
    assert row.subject == "Company deleted: Padaria Boa" and row.actor_id == ana.user.pk
    assert AuditEntry.objects.get(entity="company", record_id=company.pk).details["contacts_detached"] == 1


def test_a_company_with_deals_is_refused(ana):
    company = make_company(ana)
    make_deal(ana, company=company.pk)
    with pytest.raises(DomainError) as exc:
        company_delete(actor=ana, companies=[company])
    assert exc.value.code == DeletionError.HAS_DEALS
    assert Company.objects.filter(pk=company.pk).exists()


def test_a_converted_leads_company_link_is_cleared_with_the_company(ana):
    lead = make_lead(ana, company_name="Padaria")
    conversion = lead_convert(actor=ana, lead=lead, expected_version=lead.version, create_deal=False)
    assert conversion.company is not None
    company_delete(actor=ana, companies=[conversion.company])
    assert Lead.objects.get(pk=lead.pk).company_id is None


def test_bruno_rita_and_carla_cannot_delete_acmes_contacts_or_companies(ana, bruno, rita, carla):
    contact, company = make_contact(ana, owner_id=bruno.user.pk), make_company(ana, owner_id=bruno.user.pk)
    for actor in (bruno, rita, carla):
        with pytest.raises(Forbidden):
            contact_delete(actor=actor, contacts=[contact])
        with pytest.raises(Forbidden):
            company_delete(actor=actor, companies=[company])
    assert Contact.objects.filter(pk=contact.pk).exists() and Company.objects.filter(pk=company.pk).exists()
