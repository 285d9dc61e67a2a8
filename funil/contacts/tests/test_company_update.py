import pytest

from funil.activities.models import Activity, Kind
from funil.catalog.models import CustomField
from funil.contacts.models import Company, Contact
from funil.contacts.services import company_update
from funil.core.errors import Conflict, Forbidden, ValidationFailed

from .factories import make_company, make_contact


def test_a_rename_is_logged_and_carried_into_its_contacts_search_text(ana):
    company = make_company(ana, name="Padaria Boa")
    contact = make_contact(ana, company=company)
    company = company_update(
        actor=ana, company=company, expected_version=1, changes={"name": "Panificadora Boa", "domain": "Boa.COM.br"}
    )
    assert (company.version, company.domain) == (2, "boa.com.br")
    assert "panificadora" in Company.objects.get(pk=company.pk).search_text
    stored_contact = Contact.objects.get(pk=contact.pk)
    assert "panificadora" in stored_contact.search_text and stored_contact.version == 1
    entry = Activity.objects.get(company=company, kind=Kind.FIELD_CHANGE)
    assert entry.payload["changes"]["name"] == ["Padaria Boa", "Panificadora Boa"]


def test_bad_input_is_refused_field_by_field(ana):
    company = make_company(ana)
    with pytest.raises(ValidationFailed) as exc:
        company_update(actor=ana, company=company, expected_version=1, changes={"size": "many", "phone": "12"})
    assert {e.field for e in exc.value.errors} == {"size", "phone"}
    with pytest.raises(ValidationFailed) as exc:
        company_update(actor=ana, company=company, expected_version=1, changes={"name": "  "})
    assert exc.value.code == "company_name_required"
    assert Company.objects.get(pk=company.pk).version == 1


def test_size_and_custom_fields(ana):
    CustomField.objects.create(workspace=ana.workspace, entity="company", key="erp", label="ERP", type="text")
    company = make_company(ana)
    company = company_update(
        actor=ana, company=company, expected_version=1, changes={"size": "120", "custom_fields": {"erp": "SAP"}}
    )
    stored = Company.objects.get(pk=company.pk)
    assert (stored.size, stored.custom_fields) == (120, {"erp": "SAP"})
    company_update(actor=ana, company=company, expected_version=2, changes={"size": ""})
    assert Company.objects.get(pk=company.pk).size is None


def test_a_stale_version_is_a_conflict(ana):
    company = make_company(ana)
    company_update(actor=ana, company=company, expected_version=1, changes={"industry": "Food"})
    with pytest.raises(Conflict):
        company_update(actor=ana, company=company, expected_version=1, changes={"industry": "Retail"})
    assert Company.objects.get(pk=company.pk).industry == "Food"


def test_only_those_in_scope_may_edit(ana, bruno, rita, carla):
    company = make_company(ana)
    for outsider in (bruno, rita, carla):
        with pytest.raises(Forbidden):
            company_update(actor=outsider, company=company, expected_version=1, changes={"industry": "Food"})
    own = make_company(ana, owner_id=bruno.user.pk)
    assert company_update(actor=bruno, company=own, expected_version=1, changes={"industry": "Food"}).version == 2
