import pytest

from funil.activities.models import Activity, Kind
from funil.core.errors import DomainError, ValidationFailed
from funil.leads.models import Lead, LeadStatus
from funil.leads.services import lead_mark_junk
from funil.pipelines.models import ReasonKind
from funil.testing.factories import make_lead, reason


def test_junk_without_a_reason_is_refused_and_nothing_changes(ana):
    lead = make_lead(ana)
    for empty in (None, ""):
        with pytest.raises(ValidationFailed) as exc:
            lead_mark_junk(actor=ana, lead=lead, reason=empty)
        assert exc.value.code == "junk_reason_required"
        assert exc.value.field == "junk_reason"
    assert Lead.objects.get(pk=lead.pk).status == LeadStatus.OPEN


def test_the_reason_must_be_a_junk_reason_of_this_workspace(ana, carla):
    lead = make_lead(ana)
    for wrong in (reason(ana, ReasonKind.LOST), reason(carla), 999_999):
        with pytest.raises(ValidationFailed) as exc:
            lead_mark_junk(actor=ana, lead=lead, reason=wrong)
        assert exc.value.code == "junk_reason_invalid"


def test_junk_moves_to_the_junk_stage_with_the_reason_on_the_timeline(ana):
    lead = make_lead(ana)
    why = reason(ana)
    lead = lead_mark_junk(actor=ana, lead=lead, reason=why, note="Asked for a student discount")
    assert (lead.status, lead.stage.name, lead.junk_reason) == (LeadStatus.JUNK, "Unqualified", why)
    entry = Activity.objects.get(lead=lead, kind=Kind.STAGE_CHANGE)
    assert entry.payload["junk_reason"] == why.name
    assert entry.body == "Asked for a student discount"


def test_a_closed_lead_cannot_be_junked_again(ana):
    lead = lead_mark_junk(actor=ana, lead=make_lead(ana), reason=reason(ana))
    with pytest.raises(DomainError) as exc:
        lead_mark_junk(actor=ana, lead=lead, reason=reason(ana))
    assert exc.value.code == "lead_closed"
