"""Junk and lost reasons: added, renamed, retired and brought back from the Settings pages."""

import pytest

from funil.core.errors import Forbidden, ValidationFailed
from funil.leads.errors import LeadError
from funil.leads.services import lead_mark_junk
from funil.pipelines.errors import PipelineError
from funil.pipelines.models import CloseReason, ReasonKind
from funil.pipelines.settings_services import reason_create, reason_rename, reason_set_active
from funil.testing.factories import make_lead


def test_ana_adds_and_renames_a_reason(ana):
    reason = reason_create(actor=ana, kind=ReasonKind.JUNK, name="Student")
    assert (reason.kind, reason.active, reason.position) == (ReasonKind.JUNK, True, 8)
    assert reason_rename(actor=ana, reason=reason, name="Student project").name == "Student project"
    lead = lead_mark_junk(actor=ana, lead=make_lead(ana), reason=reason)
    assert lead.junk_reason.name == "Student project"


def test_bad_reasons_are_refused(ana):
    with pytest.raises(ValidationFailed) as kind:
        reason_create(actor=ana, kind="won", name="Lucky")
    assert kind.value.errors[0].code == PipelineError.REASON_KIND_INVALID
    with pytest.raises(ValidationFailed) as taken:
        reason_create(actor=ana, kind=ReasonKind.JUNK, name="no budget")
    assert taken.value.errors[0].code == "name_taken"
    reason_create(actor=ana, kind=ReasonKind.LOST, name="No budget")  # each list has its own names
    with pytest.raises(ValidationFailed) as long_name:
        reason_create(actor=ana, kind=ReasonKind.LOST, name="x" * 121)
    assert long_name.value.errors[0].code == "too_long"


def test_a_retired_reason_is_no_longer_offered_and_can_come_back(ana):
    reason = CloseReason.objects.get(workspace=ana.workspace, kind=ReasonKind.JUNK, name="Spam")
    reason_set_active(actor=ana, reason=reason, active=False)
    with pytest.raises(ValidationFailed) as refused:
        lead_mark_junk(actor=ana, lead=make_lead(ana), reason=reason)
    assert refused.value.errors[0].code == LeadError.JUNK_REASON_INVALID
    reason_set_active(actor=ana, reason=reason, active=True)
    assert lead_mark_junk(actor=ana, lead=make_lead(ana), reason=reason).junk_reason == reason


def test_each_list_keeps_one_active_reason(ana):
    reasons = list(CloseReason.objects.filter(workspace=ana.workspace, kind=ReasonKind.LOST))
    for reason in reasons[1:]:
        reason_set_active(actor=ana, reason=reason, active=False)
    with pytest.raises(ValidationFailed) as last:
        reason_set_active(actor=ana, reason=reasons[0], active=False)
    assert last.value.errors[0].code == PipelineError.REASON_LAST_ACTIVE
    assert CloseReason.objects.get(pk=reasons[0].pk).active


def test_only_acme_admins_change_acme_reasons(ana, bruno, rita, carla):
    reason = CloseReason.objects.filter(workspace=ana.workspace).first()
    for outsider in (bruno, rita):
        with pytest.raises(Forbidden):
            reason_create(actor=outsider, kind=ReasonKind.JUNK, name="Mine")
    for outsider in (bruno, rita, carla):
        with pytest.raises(Forbidden):
            reason_rename(actor=outsider, reason=reason, name="Mine")
        with pytest.raises(Forbidden):
            reason_set_active(actor=outsider, reason=reason, active=False)
    assert CloseReason.objects.get(pk=reason.pk).active
    assert not CloseReason.objects.filter(name="Mine").exists()
