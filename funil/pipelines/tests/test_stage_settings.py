"""Stages edited from the Settings pages: added, changed, reordered and removed, without breaking a pipeline."""

import pytest

from funil.catalog.services import custom_field_create
from funil.core.errors import Forbidden, ValidationFailed
from funil.core.models import AuditEntry
from funil.deals.services import deal_create
from funil.leads.services import lead_create, lead_move
from funil.pipelines.errors import PipelineError
from funil.pipelines.models import Meaning, Pipeline, PipelineKind, Stage
from funil.pipelines.selectors import first_open_stage
from funil.pipelines.settings_services import (
    pipeline_create,
    stage_create,
    stage_delete,
    stage_move,
    stage_update,
)
from funil.testing.factories import deal_stage, lead_stage, make_lead


def lead_pipeline(actor) -> Pipeline:
    return Pipeline.objects.get(workspace=actor.workspace, kind=PipelineKind.LEAD, is_default=True)


def names(pipeline) -> list[str]:
    return list(Stage.objects.filter(pipeline=pipeline).order_by("position").values_list("name", flat=True))


def codes(exc_info) -> dict[str, str]:
    return {e.field: e.code for e in exc_info.value.errors}


def test_ana_adds_an_open_stage_after_the_open_ones_and_a_closing_stage_at_the_end(ana):
    pipeline = lead_pipeline(ana)
    stage = stage_create(actor=ana, pipeline=pipeline, data={"name": "Demo booked", "probability": "60"})
    assert (stage.meaning, stage.probability, stage.color) == (Meaning.OPEN, 60, "#64748b")
    stage_create(actor=ana, pipeline=pipeline, data={"name": "Spam", "meaning": "junk", "color": "#FF0000"})
    assert names(pipeline) == [
        "New",
        "Contacted",
        "Nurturing",
        "Qualified",
        "Demo booked",
        "Converted",
        "Unqualified",
        "Spam",
    ]
    positions = list(Stage.objects.filter(pipeline=pipeline).order_by("position").values_list("position", flat=True))
    assert positions == list(range(8))
    assert Stage.objects.get(pipeline=pipeline, name="Spam").color == "#ff0000"
    audit = AuditEntry.objects.filter(workspace=ana.workspace, entity="stage", action="created")
    assert audit.count() == 2 and audit.first().actor_id == ana.user.pk


def test_bad_stage_input_is_refused_field_by_field(ana):
    pipeline = lead_pipeline(ana)
    with pytest.raises(ValidationFailed) as bad:
        stage_create(
            actor=ana,
            pipeline=pipeline,
            data={
                "name": "  ",
                "color": "red",
                "meaning": Meaning.WON,  # a deal meaning, not a lead one
                "probability": "101",
                "required_fields": ["salary", "custom:nope"],
            },
        )
    assert codes(bad) == {
        "name": "name_required",
        "color": PipelineError.COLOR_INVALID,
        "meaning": PipelineError.MEANING_INVALID,
        "probability": PipelineError.PROBABILITY_INVALID,
        "required_fields": PipelineError.GATE_FIELD_INVALID,
    }
    with pytest.raises(ValidationFailed) as taken:
        stage_create(actor=ana, pipeline=pipeline, data={"name": "contacted"})
    assert codes(taken) == {"name": "name_taken"}
    with pytest.raises(ValidationFailed) as unknown:
        stage_update(actor=ana, stage=lead_stage(ana, "New"), changes={"pipeline": 3})
    assert codes(unknown) == {"pipeline": "field_unknown"}
    with pytest.raises(ValidationFailed):
        stage_update(actor=ana, stage=lead_stage(ana, "New"), changes={"probability": "abc"})
    assert Stage.objects.filter(pipeline=pipeline).count() == 6


def test_a_stage_requires_fields_and_the_gate_then_holds_leads_back(ana):
    field = custom_field_create(actor=ana, data={"entity": "lead", "label": "Segment", "type": "text"})
    qualified = stage_update(
        actor=ana, stage=lead_stage(ana, "Contacted"), changes={"required_fields": ["email", f"custom:{field.key}"]}
    )
    assert qualified.required_fields == ["email", "custom:segment"]
    lead = make_lead(ana, email="")
    with pytest.raises(ValidationFailed) as gate:
        lead_move(actor=ana, lead=lead, stage=qualified)
    assert {e.field for e in gate.value.errors} == {"email", "custom:segment"}


def test_deal_stages_may_require_deal_fields_but_not_lead_ones(ana):
    proposal = deal_stage(ana, "Proposal")
    stage_update(actor=ana, stage=proposal, changes={"required_fields": ["amount", "expected_close_date"]})
    with pytest.raises(ValidationFailed) as bad:
        stage_update(actor=ana, stage=proposal, changes={"required_fields": ["budget"]})
    assert codes(bad) == {"required_fields": PipelineError.GATE_FIELD_INVALID}


def test_a_stage_with_records_keeps_its_meaning_and_cannot_be_removed(ana):
    nurturing = lead_stage(ana, "Nurturing")
    lead_create(actor=ana, data={"first_name": "Joana"}, stage=nurturing)
    with pytest.raises(ValidationFailed) as meaning:
        stage_update(actor=ana, stage=nurturing, changes={"meaning": Meaning.JUNK})
    assert codes(meaning) == {"meaning": PipelineError.STAGE_IN_USE}
    with pytest.raises(ValidationFailed) as removal:
        stage_delete(actor=ana, stage=nurturing)
    assert codes(removal) == {"stage": PipelineError.STAGE_IN_USE}
    assert "1 leads are in Nurturing" in removal.value.errors[0].message
    negotiation = deal_stage(ana, "Negotiation")
    deal_create(actor=ana, data={"title": "Big one"}, stage=negotiation)
    with pytest.raises(ValidationFailed):
        stage_delete(actor=ana, stage=negotiation)
    assert Stage.objects.filter(pk__in=[nurturing.pk, negotiation.pk]).count() == 2


def test_an_empty_stage_is_removed_and_the_others_close_up(ana):
    stage_delete(actor=ana, stage=lead_stage(ana, "Nurturing"))
    pipeline = lead_pipeline(ana)
    assert names(pipeline) == ["New", "Contacted", "Qualified", "Converted", "Unqualified"]
    assert list(Stage.objects.filter(pipeline=pipeline).values_list("position", flat=True)) == [0, 1, 2, 3, 4]


@pytest.mark.parametrize(
    ("kind", "stage_name", "code"),
    [
        (PipelineKind.LEAD, "New", PipelineError.NEEDS_OPEN_STAGE),
        (PipelineKind.LEAD, "Converted", PipelineError.NEEDS_CLOSING_STAGE),
        (PipelineKind.LEAD, "Unqualified", PipelineError.NEEDS_CLOSING_STAGE),
        (PipelineKind.DEAL, "Qualification", PipelineError.NEEDS_OPEN_STAGE),
        (PipelineKind.DEAL, "Won", PipelineError.NEEDS_CLOSING_STAGE),
        (PipelineKind.DEAL, "Lost", PipelineError.NEEDS_CLOSING_STAGE),
    ],
)
def test_a_pipeline_keeps_an_open_stage_and_the_closing_stages_its_records_need(ana, kind, stage_name, code):
    pipeline = pipeline_create(actor=ana, kind=kind, name="Partners")
    stage = Stage.objects.get(pipeline=pipeline, name=stage_name)
    with pytest.raises(ValidationFailed) as removal:
        stage_delete(actor=ana, stage=stage)
    assert codes(removal) == {"stage": code}
    other = Meaning.JUNK if kind == PipelineKind.LEAD and stage_name == "New" else Meaning.OPEN
    if stage.meaning != other:
        with pytest.raises(ValidationFailed) as change:
            stage_update(actor=ana, stage=stage, changes={"meaning": other})
        assert codes(change) == {"meaning": code}
    assert Stage.objects.filter(pipeline=pipeline).count() == 3


def test_a_second_closing_stage_may_go_while_one_of_its_meaning_stays(ana):
    pipeline = lead_pipeline(ana)
    spam = stage_create(actor=ana, pipeline=pipeline, data={"name": "Spam", "meaning": Meaning.JUNK})
    stage_delete(actor=ana, stage=lead_stage(ana, "Unqualified"))
    assert Stage.objects.get(pipeline=pipeline, meaning=Meaning.JUNK) == spam
    with pytest.raises(ValidationFailed):
        stage_delete(actor=ana, stage=spam)


def test_stages_move_one_place_and_the_first_open_stage_is_where_new_leads_start(ana):
    pipeline = lead_pipeline(ana)
    stage_move(actor=ana, stage=lead_stage(ana, "Contacted"), direction="up")
    assert names(pipeline)[:3] == ["Contacted", "New", "Nurturing"]
    assert first_open_stage(ana.workspace, PipelineKind.LEAD).name == "Contacted"
    assert lead_create(actor=ana, data={"first_name": "Joana"}).stage.name == "Contacted"
    stage_move(actor=ana, stage=lead_stage(ana, "Contacted"), direction="up")  # already first: nothing moves
    stage_move(actor=ana, stage=lead_stage(ana, "Unqualified"), direction="down")  # already last
    assert names(pipeline)[0] == "Contacted" and names(pipeline)[-1] == "Unqualified"
    stage_move(actor=ana, stage=lead_stage(ana, "Contacted"), direction="down")
    assert names(pipeline)[:2] == ["New", "Contacted"]
    with pytest.raises(ValidationFailed) as bad:
        stage_move(actor=ana, stage=lead_stage(ana, "New"), direction="sideways")
    assert codes(bad) == {"direction": PipelineError.DIRECTION_INVALID}


def test_only_admins_change_stages(ana, bruno, rita):
    pipeline, stage = lead_pipeline(ana), lead_stage(ana, "New")
    for outsider in (bruno, rita):
        with pytest.raises(Forbidden):
            stage_create(actor=outsider, pipeline=pipeline, data={"name": "X"})
        with pytest.raises(Forbidden):
            stage_update(actor=outsider, stage=stage, changes={"name": "X"})
        with pytest.raises(Forbidden):
            stage_move(actor=outsider, stage=stage, direction="down")
        with pytest.raises(Forbidden):
            stage_delete(actor=outsider, stage=lead_stage(ana, "Nurturing"))
    assert names(pipeline)[0] == "New" and Stage.objects.filter(pipeline=pipeline).count() == 6


def test_carla_cannot_touch_acme_stages(ana, carla):
    stage = lead_stage(ana, "Nurturing")
    for write in (
        lambda: stage_create(actor=carla, pipeline=stage.pipeline, data={"name": "X"}),
        lambda: stage_update(actor=carla, stage=stage, changes={"name": "Mine"}),
        lambda: stage_move(actor=carla, stage=stage, direction="up"),
        lambda: stage_delete(actor=carla, stage=stage),
    ):
        with pytest.raises(Forbidden):
            write()
    assert Stage.objects.get(pk=stage.pk).name == "Nurturing"
