"""Input no service should ever turn into a 500: each answer is a coded ValidationFailed (or DomainError)."""

import datetime

import pytest

from funil.activities.models import Kind
from funil.activities.services import followup_schedule
from funil.catalog.models import CustomField, Product
from funil.contacts.services import company_create, contact_create
from funil.core.errors import DomainError, ValidationFailed
from funil.deals.services import deal_create
from funil.leads.services import lead_assign, lead_create, lead_update
from funil.testing.factories import make_lead

BAD_LEAD_DATA = [
    {"first_name": "x", "phone": "9" * 41},
    {"first_name": "x", "phone": "(11) 3456-7890 ext. 12345678901"},
    {"first_name": "x\x00y", "need": "a\x00b"},
    {"first_name": "x", "products": 5},
    {"first_name": "x", "products": ["abc"]},
    {"first_name": "x", "email": "a" * 250 + "@example.com"},
    {"first_name": ["not", "text"]},
    {"first_name": "x", "budget": "1e30"},
]


@pytest.mark.parametrize("data", BAD_LEAD_DATA)
def test_bad_lead_data_is_refused_with_codes(ana, data):
    try:
        lead_create(actor=ana, data=data)
    except ValidationFailed as exc:
        assert exc.errors and all(e.code for e in exc.errors)
    else:  # NUL bytes are stripped rather than refused
        assert any("\x00" in v for v in data.values() if isinstance(v, str))


def test_a_version_or_owner_that_is_not_a_number_is_refused(ana):
    lead = make_lead(ana)
    with pytest.raises(ValidationFailed):
        lead_update(actor=ana, lead=lead, expected_version="abc", changes={"city": "x"})
    with pytest.raises(ValidationFailed):
        lead_assign(actor=ana, lead=lead, owner_id="abc")


@pytest.mark.parametrize(
    "lines",
    [
        5,
        ["x"],
        [{"product": "abc"}],
        [{"product": 1, "quantity": "NaN"}],
        [{"product": 1, "quantity": "0.001"}],
        [{"product": 1, "quantity": 1, "unit_price": "999999999999"}] * 3,
    ],
)
def test_bad_deal_lines_are_refused(ana, lines):
    product = Product.objects.create(workspace=ana.workspace, name="P", currency="BRL", price=10)
    fixed = (
        [({**ln, "product": product.pk} if isinstance(ln, dict) and ln.get("product") == 1 else ln) for ln in lines]
        if isinstance(lines, list)
        else lines
    )
    with pytest.raises(ValidationFailed):
        deal_create(actor=ana, data={"title": "T"}, lines=fixed)


def test_contacts_and_companies_accept_only_their_own_fields(ana):
    with pytest.raises(ValidationFailed):
        company_create(actor=ana, data={"name": "Acme", "email": "x@example.com"})
    with pytest.raises(ValidationFailed):
        contact_create(actor=ana, data={"first_name": "Ana", "domain": "example.com"})
    with pytest.raises(ValidationFailed):
        company_create(actor=ana, data={"name": "Acme", "size": str(2**40)})


def test_a_required_custom_field_is_required_at_creation(ana):
    CustomField.objects.create(
        workspace=ana.workspace, entity="lead", key="cnpj", label="CNPJ", type="text", required=True
    )
    with pytest.raises(ValidationFailed) as exc:
        lead_create(actor=ana, data={"first_name": "x"})
    assert exc.value.errors[0].code == "custom_field_required"


def test_a_followup_time_without_a_zone_is_read_in_the_current_zone(ana):
    lead = make_lead(ana)
    naive = datetime.datetime(2031, 5, 1, 9, 0)
    aware = datetime.datetime(2031, 5, 1, 8, 0, tzinfo=datetime.UTC)
    followup = followup_schedule(actor=ana, target=lead, kind=Kind.CALL, subject="x", due_at=naive, remind_at=aware)
    assert followup.due_at.tzinfo is not None


def test_a_salesperson_cannot_link_a_lead_to_a_contact_he_cannot_see(ana, bruno):
    hidden = contact_create(actor=ana, data={"first_name": "Hidden"})
    with pytest.raises(ValidationFailed) as exc:
        lead_create(actor=bruno, data={"first_name": "x", "contact": hidden.pk})
    assert exc.value.errors[0].field == "contact"


def test_resending_the_same_consent_keeps_when_it_was_given(ana):
    lead = make_lead(ana, marketing_consent=True)
    given = lead.consent_at
    lead = lead_update(actor=ana, lead=lead, expected_version=1, changes={"marketing_consent": True, "city": "Natal"})
    assert lead.consent_at == given


def test_a_converted_lead_cannot_be_reassigned(ana, bruno):
    from funil.leads.services import lead_convert

    done = lead_convert(actor=ana, lead=make_lead(ana), expected_version=1, create_deal=False)
    with pytest.raises(DomainError):
        lead_assign(actor=ana, lead=done.lead, owner_id=bruno.user.pk)


def test_a_salesperson_cannot_link_a_deal_to_a_contact_he_cannot_see(ana, bruno):
    hidden = contact_create(actor=ana, data={"first_name": "Hidden"})
    with pytest.raises(ValidationFailed) as exc:
        deal_create(actor=bruno, data={"title": "T", "contact": hidden.pk})
    assert exc.value.errors[0].field == "contact"
