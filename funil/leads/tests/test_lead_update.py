from unittest import mock

import pytest

from funil.activities.models import Activity, Kind
from funil.core.errors import Conflict, DomainError, Forbidden, ValidationFailed
from funil.leads.models import Lead
from funil.leads.services import lead_mark_junk, lead_move, lead_update
from funil.testing.factories import lead_stage, make_lead, reason


def test_changes_are_logged_with_old_and_new_values(ana):
    lead = make_lead(ana, city="Recife")
    lead = lead_update(actor=ana, lead=lead, expected_version=1, changes={"city": "Olinda", "budget": "5000"})
    assert lead.version == 2
    entry = Activity.objects.get(lead=lead, kind=Kind.FIELD_CHANGE)
    assert entry.payload["changes"] == {"city": ["Recife", "Olinda"], "budget": [None, "5000.00"]}


def test_a_stale_version_is_a_conflict_and_changes_nothing(ana, bruno):
    lead = make_lead(ana, city="Recife", owner_id=bruno.user.pk)
    lead_update(actor=bruno, lead=lead, expected_version=1, changes={"city": "Natal"})
    with pytest.raises(Conflict) as exc:
        lead_update(actor=ana, lead=lead, expected_version=1, changes={"city": "Olinda"})
    assert exc.value.code == "stale_version"
    assert exc.value.current_version == 2
    stored = Lead.objects.get(pk=lead.pk)
    assert (stored.city, stored.version) == ("Natal", 2)
    assert Activity.objects.filter(lead=lead, kind=Kind.FIELD_CHANGE).count() == 1


def test_an_update_that_changes_nothing_writes_nothing(ana):
    lead = make_lead(ana, city="Recife")
    lead = lead_update(actor=ana, lead=lead, expected_version=1, changes={"city": " Recife "})
    assert lead.version == 1
    assert not Activity.objects.filter(lead=lead, kind=Kind.FIELD_CHANGE).exists()


def test_a_failure_after_the_write_leaves_neither_the_change_nor_its_timeline_row(ana):
    lead = make_lead(ana, city="Recife")
    with (
        mock.patch("funil.activities.timeline.Activity.save", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        lead_update(actor=ana, lead=lead, expected_version=1, changes={"city": "Olinda"})
    stored = Lead.objects.get(pk=lead.pk)
    assert (stored.city, stored.version) == ("Recife", 1)
    assert not Activity.objects.filter(lead=lead, kind=Kind.FIELD_CHANGE).exists()


def test_products_of_interest_are_changed_and_logged(ana):
    from funil.catalog.models import Product

    crm = Product.objects.create(workspace=ana.workspace, name="CRM", currency="BRL", price=100)
    lead = make_lead(ana)
    lead = lead_update(actor=ana, lead=lead, expected_version=1, changes={"products": [crm.pk]})
    assert list(lead.products.all()) == [crm]
    assert Activity.objects.get(lead=lead, kind=Kind.FIELD_CHANGE).payload["changes"] == {"products": [[], [crm.pk]]}


def test_owner_and_stage_are_not_edited_as_plain_fields(ana):
    lead = make_lead(ana)
    with pytest.raises(ValidationFailed) as exc:
        lead_update(actor=ana, lead=lead, expected_version=1, changes={"owner": 1, "status": "junk"})
    assert {e.code for e in exc.value.errors} == {"field_read_only"}


def test_a_salesperson_cannot_edit_a_lead_he_does_not_own(ana, bruno):
    lead = make_lead(ana)
    with pytest.raises(Forbidden):
        lead_update(actor=bruno, lead=lead, expected_version=1, changes={"city": "Natal"})


def test_custom_fields_are_typed_and_validated(ana):
    from funil.catalog.models import CustomField

    CustomField.objects.create(
        workspace=ana.workspace, entity="lead", key="employees", label="Employees", type="number"
    )
    CustomField.objects.create(
        workspace=ana.workspace,
        entity="lead",
        key="segment",
        label="Segment",
        type="choice",
        choices=["retail", "industry"],
    )
    lead = make_lead(ana)
    lead = lead_update(
        actor=ana, lead=lead, expected_version=1, changes={"custom_fields": {"employees": "120", "segment": "retail"}}
    )
    assert lead.custom_fields == {"employees": 120, "segment": "retail"}
    with pytest.raises(ValidationFailed) as exc:
        lead_update(
            actor=ana,
            lead=lead,
            expected_version=2,
            changes={"custom_fields": {"employees": "many", "segment": "farming", "nope": 1}},
        )
    assert {e.field: e.code for e in exc.value.errors} == {
        "custom_fields.employees": "custom_field_invalid",
        "custom_fields.segment": "custom_field_invalid",
        "custom_fields.nope": "custom_field_unknown",
    }


def test_a_junk_lead_takes_no_edits_until_it_is_reopened(ana):
    lead = make_lead(ana, first_name="Rosa")
    lead = lead_mark_junk(actor=ana, lead=lead, reason=reason(ana).pk)
    with pytest.raises(DomainError) as refused:
        lead_update(actor=ana, lead=lead, expected_version=lead.version, changes={"first_name": "Rosinha"})
    assert refused.value.code == "lead_closed" and Lead.objects.get(pk=lead.pk).first_name == "Rosa"
    lead = lead_move(actor=ana, lead=lead, stage=lead_stage(ana, "New"))
    lead = lead_update(actor=ana, lead=lead, expected_version=lead.version, changes={"first_name": "Rosinha"})
    assert lead.first_name == "Rosinha"
