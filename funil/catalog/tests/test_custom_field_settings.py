"""Custom field definitions from the Settings pages: keys derived from labels, choices that keep stored values
valid, retiring and deleting only what nothing needs."""

import pytest

from funil.catalog.custom_fields import CustomFieldError
from funil.catalog.errors import CatalogError
from funil.catalog.models import CustomField
from funil.catalog.services import (
    custom_field_create,
    custom_field_delete,
    custom_field_set_active,
    custom_field_update,
)
from funil.core.errors import Forbidden, ValidationFailed
from funil.leads.services import lead_create, lead_update
from funil.pipelines.settings_services import stage_update
from funil.testing.factories import lead_stage, make_lead


def field(actor, **data):
    return custom_field_create(actor=actor, data={"entity": "lead", "type": "text", **data})


def codes(exc_info) -> dict[str, str]:
    return {e.field: e.code for e in exc_info.value.errors}


def test_the_key_comes_from_the_label_and_stays_unique(ana, carla):
    budget = field(ana, label="Orçamento anual")
    assert (budget.key, budget.label, budget.position) == ("orcamento_anual", "Orçamento anual", 0)
    assert field(ana, label="Orçamento anual!").key == "orcamento_anual_2"
    assert field(ana, label="2026 goal").key == "f_2026_goal"
    assert field(ana, label="???").key == "field"
    assert custom_field_create(
        actor=ana, data={"entity": "deal", "label": "Orçamento anual", "type": "number"}
    ).key == ("orcamento_anual")
    assert field(carla, label="Orçamento anual").key == "orcamento_anual"


def test_choice_fields_need_choices_and_other_types_drop_them(ana):
    segment = field(ana, label="Segment", type="choice", choices="SMB\n Enterprise \n\nSMB")
    assert segment.choices == ["SMB", "Enterprise"]
    assert field(ana, label="Notes", choices=["x"]).choices == []
    with pytest.raises(ValidationFailed) as empty:
        field(ana, label="Tier", type="multi_choice", choices="  \n")
    assert codes(empty) == {"choices": CatalogError.CHOICES_REQUIRED}


def test_bad_definitions_are_refused_field_by_field(ana):
    with pytest.raises(ValidationFailed) as bad:
        custom_field_create(
            actor=ana,
            data={"entity": "invoice", "type": "colour", "label": "", "required": "yes", "is_qualifier": True},
        )
    assert codes(bad) == {
        "entity": CatalogError.ENTITY_INVALID,
        "type": CatalogError.TYPE_INVALID,
        "label": "name_required",
        "required": "invalid",
        "is_qualifier": CatalogError.QUALIFIER_LEADS_ONLY,
    }
    with pytest.raises(ValidationFailed) as qualifier:
        custom_field_create(actor=ana, data={"entity": "deal", "type": "text", "label": "X", "is_qualifier": True})
    assert codes(qualifier) == {"is_qualifier": CatalogError.QUALIFIER_LEADS_ONLY}
    with pytest.raises(ValidationFailed) as choices:
        field(ana, label="Tier", type="choice", choices=["x" * 101])
    assert codes(choices) == {"choices": CatalogError.CHOICES_INVALID}
    assert not CustomField.objects.filter(workspace=ana.workspace).exists()


def test_label_choices_order_and_flags_are_edited(ana):
    segment = field(ana, label="Segment", type="choice", choices=["SMB"])
    custom_field_update(
        actor=ana,
        field=segment,
        changes={
            "label": "Market",
            "choices": "SMB\nEnterprise",
            "position": "3",
            "required": True,
            "is_qualifier": True,
        },
    )
    stored = CustomField.objects.get(pk=segment.pk)
    assert (stored.key, stored.label, stored.choices, stored.position, stored.required, stored.is_qualifier) == (
        "segment",
        "Market",
        ["SMB", "Enterprise"],
        3,
        True,
        True,
    )
    with pytest.raises(ValidationFailed) as bad:
        custom_field_update(actor=ana, field=segment, changes={"position": "-1", "type": "number"})
    assert codes(bad) == {"type": "field_unknown"}
    with pytest.raises(ValidationFailed) as position:
        custom_field_update(actor=ana, field=segment, changes={"position": "first"})
    assert codes(position) == {"position": CatalogError.POSITION_INVALID}


@pytest.mark.parametrize(("kind", "value"), [("choice", "SMB"), ("multi_choice", ["SMB", "Enterprise"])])
def test_a_choice_some_lead_holds_cannot_be_removed(ana, kind, value):
    segment = field(ana, label="Segment", type=kind, choices=["SMB", "Enterprise", "Public"])
    make_lead(ana, custom_fields={"segment": value})
    with pytest.raises(ValidationFailed) as used:
        custom_field_update(actor=ana, field=segment, changes={"choices": ["Enterprise"]})
    assert codes(used) == {"choices": CatalogError.CHOICE_IN_USE}
    assert "SMB" in used.value.errors[0].message
    custom_field_update(actor=ana, field=segment, changes={"choices": ["SMB", "Enterprise"]})  # Public is unused
    assert CustomField.objects.get(pk=segment.pk).choices == ["SMB", "Enterprise"]


def test_a_retired_field_keeps_its_values_takes_no_new_ones_and_is_no_longer_required(ana):
    segment = field(ana, label="Segment", required=True)
    lead = make_lead(ana, custom_fields={"segment": "Retail"})
    custom_field_set_active(actor=ana, field=segment, active=False)
    assert lead_create(actor=ana, data={"first_name": "Joana"}).custom_fields == {}  # no longer required
    lead = lead_update(actor=ana, lead=lead, expected_version=1, changes={"custom_fields": {"segment": "Retail"}})
    assert lead.custom_fields == {"segment": "Retail"}  # the value it has still validates
    with pytest.raises(ValidationFailed) as retired:
        lead_update(actor=ana, lead=lead, expected_version=lead.version, changes={"custom_fields": {"segment": "Food"}})
    assert codes(retired) == {"custom_fields.segment": CustomFieldError.RETIRED}
    custom_field_set_active(actor=ana, field=segment, active=True)
    with pytest.raises(ValidationFailed) as required:
        lead_create(actor=ana, data={"first_name": "Rui"})
    assert codes(required) == {"custom_fields.segment": CustomFieldError.REQUIRED}


def test_a_field_a_stage_requires_is_neither_retired_nor_deleted(ana):
    segment = field(ana, label="Segment")
    stage_update(actor=ana, stage=lead_stage(ana, "Qualified"), changes={"required_fields": ["custom:segment"]})
    for write, on in (
        (lambda: custom_field_set_active(actor=ana, field=segment, active=False), "active"),
        (lambda: custom_field_delete(actor=ana, field=segment), "field"),
    ):
        with pytest.raises(ValidationFailed) as gated:
            write()
        assert codes(gated) == {on: CatalogError.FIELD_IN_GATE}
        assert "Qualified" in gated.value.errors[0].message
    assert CustomField.objects.get(pk=segment.pk).active


def test_only_a_field_no_record_uses_is_deleted(ana):
    used, unused = field(ana, label="Segment"), field(ana, label="Hobby")
    make_lead(ana, custom_fields={"segment": "Retail"})
    with pytest.raises(ValidationFailed) as in_use:
        custom_field_delete(actor=ana, field=used)
    assert codes(in_use) == {"field": CatalogError.FIELD_IN_USE}
    custom_field_delete(actor=ana, field=unused)
    assert list(CustomField.objects.filter(workspace=ana.workspace)) == [used]


def test_only_acme_admins_change_acme_fields(ana, bruno, rita, carla):
    segment = field(ana, label="Segment")
    for outsider in (bruno, rita):
        with pytest.raises(Forbidden):
            field(outsider, label="Mine")
    for outsider in (bruno, rita, carla):
        for write in (
            lambda a: custom_field_update(actor=a, field=segment, changes={"label": "Mine"}),
            lambda a: custom_field_set_active(actor=a, field=segment, active=False),
            lambda a: custom_field_delete(actor=a, field=segment),
        ):
            with pytest.raises(Forbidden):
                write(outsider)
    stored = CustomField.objects.get(pk=segment.pk)
    assert (stored.label, stored.active) == ("Segment", True)
