import pytest

from funil.activities.models import Activity, Kind
from funil.catalog.models import Product
from funil.contacts.models import Company, Contact
from funil.contacts.services import contact_create
from funil.core.errors import Conflict, DomainError, Forbidden
from funil.deals.models import Deal
from funil.deals.services import deal_update
from funil.leads.models import Lead, LeadStatus
from funil.leads.services import lead_convert, lead_convert_undo, lead_mark_junk, lead_update
from funil.testing.factories import deal_stage, make_lead, reason


@pytest.fixture
def crm(ana):
    return Product.objects.create(workspace=ana.workspace, name="CRM", currency="BRL", price="1500.00")


def qualified_lead(actor, crm, **data):
    lead = make_lead(
        actor,
        company_name="Padaria Boa",
        email="joana@padariaboa.com.br",
        phone="(11) 3456-7890",
        expected_value="5000",
        **data,
    )
    lead.products.set([crm])
    return lead


def test_converting_creates_contact_company_and_deal_in_one_step(ana, crm):
    lead = qualified_lead(ana, crm)
    done = lead_convert(actor=ana, lead=lead, expected_version=1, deal_stage=deal_stage(ana, "Proposal"))
    lead = Lead.objects.get(pk=lead.pk)
    assert (lead.status, lead.stage.name, lead.contact, lead.company) == (
        LeadStatus.CONVERTED,
        "Converted",
        done.contact,
        done.company,
    )
    assert done.contact.email_normalized == "joana@padariaboa.com.br"
    assert done.contact.company == done.company
    assert (done.company.name, done.company.domain) == ("Padaria Boa", "padariaboa.com.br")
    assert (done.deal.stage.name, done.deal.lead, done.deal.contact) == ("Proposal", lead, done.contact)
    assert [(ln.product, ln.unit_price) for ln in done.deal.lines.all()] == [(crm, 1500)]
    assert done.deal.amount == 5000  # the expected value; the lines give it only when there is none
    entry = Activity.objects.get(lead=lead, kind=Kind.CONVERSION)
    assert entry.payload["created"] == ["company", "contact", "deal"]
    assert Activity.objects.filter(deal=done.deal, kind=Kind.CONVERSION).exists()
    assert Activity.objects.filter(contact=done.contact, kind=Kind.CONVERSION).exists()


def test_an_existing_contact_is_reused_and_no_deal_is_required(ana, crm):
    existing = contact_create(actor=ana, data={"first_name": "Joana", "email": "joana@padariaboa.com.br"})
    lead = qualified_lead(ana, crm)
    done = lead_convert(
        actor=ana, lead=lead, expected_version=1, contact=existing, create_company=False, create_deal=False
    )
    assert done.contact == existing and done.company is None and done.deal is None
    assert Contact.objects.filter(workspace=ana.workspace).count() == 1


def test_an_explicit_amount_wins_over_the_lines(ana, crm):
    done = lead_convert(actor=ana, lead=qualified_lead(ana, crm), expected_version=1, deal_amount="8000")
    assert done.deal.amount == 8000 and done.deal.lines.count() == 1


def test_a_converted_lead_is_read_only(ana, crm):
    done = lead_convert(actor=ana, lead=qualified_lead(ana, crm), expected_version=1)
    with pytest.raises(DomainError) as exc:
        lead_update(actor=ana, lead=done.lead, expected_version=done.lead.version, changes={"city": "Natal"})
    assert exc.value.code == "lead_closed"
    with pytest.raises(DomainError):
        lead_convert(actor=ana, lead=done.lead, expected_version=done.lead.version)


def test_junk_leads_are_not_converted_and_stale_cards_conflict(ana, crm):
    junk = lead_mark_junk(actor=ana, lead=qualified_lead(ana, crm), reason=reason(ana))
    with pytest.raises(DomainError) as exc:
        lead_convert(actor=ana, lead=junk, expected_version=junk.version)
    assert exc.value.code == "lead_closed"
    fresh = qualified_lead(ana, crm)
    with pytest.raises(Conflict):
        lead_convert(actor=ana, lead=fresh, expected_version=7)
    assert not Contact.objects.filter(workspace=ana.workspace).exists()


def test_undo_restores_the_lead_and_removes_what_was_created(ana, crm):
    lead = qualified_lead(ana, crm)
    done = lead_convert(actor=ana, lead=lead, expected_version=1)
    restored = lead_convert_undo(actor=ana, lead=done.lead)
    assert (restored.status, restored.stage.name, restored.contact, restored.company) == ("open", "New", None, None)
    assert not Deal.objects.filter(pk=done.deal.pk).exists()
    assert not Contact.objects.filter(pk=done.contact.pk).exists()
    assert not Company.objects.filter(pk=done.company.pk).exists()
    kinds = list(Activity.objects.filter(lead=lead, kind=Kind.CONVERSION).values_list("subject", flat=True))
    assert sorted(kinds) == ["Conversion undone", "Converted"]


def test_undo_is_refused_once_a_new_record_was_changed(ana, crm):
    done = lead_convert(actor=ana, lead=qualified_lead(ana, crm), expected_version=1)
    deal_update(actor=ana, deal=done.deal, expected_version=1, changes={"probability": 80})
    with pytest.raises(DomainError) as exc:
        lead_convert_undo(actor=ana, lead=done.lead)
    assert exc.value.code == "conversion_changed"
    assert Lead.objects.get(pk=done.lead.pk).status == LeadStatus.CONVERTED


def test_only_an_admin_or_the_converter_may_undo(ana, bruno, crm):
    from funil.accounts.access import actor_for
    from funil.accounts.roles import Role
    from funil.accounts.services import member_add

    lead = qualified_lead(bruno, crm)
    done = lead_convert(actor=bruno, lead=lead, expected_version=1)
    other = actor_for(
        member_add(
            workspace=ana.workspace, email="mara@acme.example.com", role=Role.MANAGER, team=bruno.membership.team
        ).user,
        ana.workspace,
    )
    with pytest.raises(Forbidden):
        lead_convert_undo(actor=other, lead=done.lead)
    assert lead_convert_undo(actor=bruno, lead=done.lead).status == LeadStatus.OPEN


def test_undo_of_a_lead_that_was_never_converted_is_refused(ana, crm):
    with pytest.raises(DomainError) as exc:
        lead_convert_undo(actor=ana, lead=qualified_lead(ana, crm))
    assert exc.value.code == "lead_not_converted"


def test_carla_cannot_convert_into_her_own_records(ana, carla, crm):
    from funil.core.errors import ValidationFailed

    theirs = contact_create(actor=carla, data={"first_name": "Pilar"})
    with pytest.raises(ValidationFailed) as exc:
        lead_convert(actor=ana, lead=qualified_lead(ana, crm), expected_version=1, contact=theirs)
    assert exc.value.field == "contact"
