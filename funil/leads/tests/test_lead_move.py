import pytest

from funil.activities.models import Activity, Kind
from funil.core.errors import Conflict, DomainError, ValidationFailed
from funil.leads.models import Lead, LeadStatus
from funil.leads.services import lead_move
from funil.pipelines.models import Stage
from funil.testing.factories import lead_stage, make_lead, reason, second_lead_pipeline


def test_moving_logs_the_stage_change(ana):
    lead = make_lead(ana)
    lead = lead_move(actor=ana, lead=lead, stage=lead_stage(ana, "Contacted"), expected_version=1)
    assert lead.stage.name == "Contacted"
    assert lead.version == 2
    entry = Activity.objects.get(lead=lead, kind=Kind.STAGE_CHANGE)
    assert entry.payload["stage_name"] == ["New", "Contacted"]


def test_a_stage_of_another_pipeline_is_refused_with_a_clear_error(ana):
    other = Stage.objects.get(pipeline=second_lead_pipeline(ana), name="Inbox")
    lead = make_lead(ana)
    with pytest.raises(ValidationFailed) as exc:
        lead_move(actor=ana, lead=lead, stage=other)
    assert exc.value.code == "stage_not_in_pipeline"
    assert exc.value.field == "stage"
    assert Lead.objects.get(pk=lead.pk).stage.name == "New"


def test_a_stage_of_another_workspace_is_refused(ana, carla):
    lead = make_lead(ana)
    with pytest.raises(ValidationFailed) as exc:
        lead_move(actor=ana, lead=lead, stage=lead_stage(carla, "Contacted"))
    assert exc.value.code == "stage_not_in_pipeline"


def test_the_stage_gate_asks_for_its_fields(ana):
    lead = make_lead(ana)
    with pytest.raises(ValidationFailed) as exc:
        lead_move(actor=ana, lead=lead, stage=lead_stage(ana, "Qualified"))
    assert [(e.field, e.code) for e in exc.value.errors] == [("budget", "stage_gate")]
    lead = make_lead(ana, budget="20000")
    assert lead_move(actor=ana, lead=lead, stage=lead_stage(ana, "Qualified")).stage.name == "Qualified"


def test_a_junk_stage_needs_a_reason(ana):
    lead = make_lead(ana)
    with pytest.raises(ValidationFailed) as exc:
        lead_move(actor=ana, lead=lead, stage=lead_stage(ana, "Unqualified"))
    assert exc.value.code == "junk_reason_required"
    lead = lead_move(actor=ana, lead=lead, stage=lead_stage(ana, "Unqualified"), junk_reason=reason(ana))
    assert lead.status == LeadStatus.JUNK
    assert lead.closed_at is not None


def test_the_converted_stage_is_reached_only_by_converting(ana):
    lead = make_lead(ana)
    with pytest.raises(DomainError) as exc:
        lead_move(actor=ana, lead=lead, stage=lead_stage(ana, "Converted"))
    assert exc.value.code == "conversion_required"


def test_reopening_a_junk_lead_clears_its_outcome(ana):
    lead = make_lead(ana)
    lead = lead_move(actor=ana, lead=lead, stage=lead_stage(ana, "Unqualified"), junk_reason=reason(ana))
    lead = lead_move(actor=ana, lead=lead, stage=lead_stage(ana, "Nurturing"), expected_version=lead.version)
    assert (lead.status, lead.junk_reason, lead.closed_at) == (LeadStatus.OPEN, None, None)


def test_a_move_based_on_a_stale_card_is_a_conflict(ana):
    lead = make_lead(ana)
    lead_move(actor=ana, lead=lead, stage=lead_stage(ana, "Contacted"), expected_version=1)
    with pytest.raises(Conflict):
        lead_move(actor=ana, lead=lead, stage=lead_stage(ana, "Nurturing"), expected_version=1)
    assert Lead.objects.get(pk=lead.pk).stage.name == "Contacted"
