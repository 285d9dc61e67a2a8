"""lead_move, lead_mark_junk and lead_assign: the lead's stage, outcome and owner."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from funil.accounts.access import Actor, require
from funil.activities import timeline
from funil.activities.ownership import owner_change
from funil.core.errors import DomainError, ValidationFailed
from funil.core.writes import lock_for_write, save_versioned
from funil.pipelines.gates import check_gate
from funil.pipelines.models import CloseReason, Meaning, ReasonKind, Stage
from funil.pipelines.selectors import close_reason

from ..errors import LeadError
from ..models import Lead, LeadStatus


def lead_move(
    *,
    actor: Actor,
    lead: Lead,
    stage: Stage,
    expected_version: int | None = None,
    junk_reason: CloseReason | int | str | None = None,
    note: str = "",
) -> Lead:
    """Move to another stage of the lead's pipeline. Junk stages need a reason; converting has its own action."""
    require(actor, "lead", "update", lead)
    if stage.workspace_id != lead.workspace_id or stage.pipeline_id != lead.pipeline_id:
        raise ValidationFailed.single(
            "stage", LeadError.STAGE_NOT_IN_PIPELINE, _("That stage is not in this lead's pipeline.")
        )
    if stage.meaning == Meaning.CONVERTED:
        raise DomainError(LeadError.CONVERSION_REQUIRED, _("Convert the lead to close it as converted."), field="stage")
    reason = _junk_reason(actor, junk_reason) if stage.meaning == Meaning.JUNK else None
    with transaction.atomic():
        lead = lock_for_write(lead, expected_version)
        if lead.status == LeadStatus.CONVERTED:
            raise DomainError(LeadError.CLOSED, _("A converted lead stays converted."))
        if lead.stage_id == stage.pk:
            return lead
        check_gate(lead, stage)
        _enter_stage(actor, lead, stage, reason, note)
    return lead


def lead_mark_junk(
    *,
    actor: Actor,
    lead: Lead,
    reason: CloseReason | int | str | None,
    note: str = "",
    expected_version: int | None = None,
) -> Lead:
    """Close the lead as junk, in its pipeline's junk stage, with a reason from the workspace's list."""
    require(actor, "lead", "update", lead)
    close_reason = _junk_reason(actor, reason)
    stage = Stage.objects.filter(pipeline_id=lead.pipeline_id, meaning=Meaning.JUNK).first()
    if stage is None:
        raise DomainError(LeadError.NO_PIPELINE, _("This pipeline has no junk stage."))
    with transaction.atomic():
        lead = lock_for_write(lead, expected_version)
        if lead.status != LeadStatus.OPEN:
            raise DomainError(
                LeadError.CLOSED, _("This lead is already %(status)s.") % {"status": lead.get_status_display()}
            )
        _enter_stage(actor, lead, stage, close_reason, note)
    return lead


def lead_assign(
    *, actor: Actor, lead: Lead, owner_id: int | None, expected_version: int | None = None, reason: str = ""
) -> Lead:
    """Give the lead to a member (or to nobody: the unassigned queue); the timeline says who and why."""
    return owner_change(
        actor=actor,
        record=lead,
        owner_id=owner_id,
        expected_version=expected_version,
        reason=reason,
        guard=_not_converted,
    )


def _not_converted(lead: Lead) -> None:
    if lead.status == LeadStatus.CONVERTED:
        raise DomainError(LeadError.CLOSED, _("A converted lead is read-only; its contact and deal carry on."))


def _junk_reason(actor: Actor, reason: CloseReason | int | str | None) -> CloseReason:
    return close_reason(
        actor.workspace,
        ReasonKind.JUNK,
        reason,
        field="junk_reason",
        required=LeadError.JUNK_REASON_REQUIRED,
        invalid=LeadError.JUNK_REASON_INVALID,
    )


def _enter_stage(actor: Actor, lead: Lead, stage: Stage, reason: CloseReason | None, note: str) -> None:
    old_stage, old_status = lead.stage, lead.status
    lead.stage = stage
    lead.status = LeadStatus.JUNK if stage.meaning == Meaning.JUNK else LeadStatus.OPEN
    lead.junk_reason = reason
    lead.junk_note = note if reason else ""
    lead.closed_at = timezone.now() if stage.meaning != Meaning.OPEN else None
    save_versioned(lead, ["stage", "status", "junk_reason", "junk_note", "closed_at"])
    timeline.record_stage_change(
        actor,
        lead,
        old_stage,
        stage,
        note,
        status=[old_status, lead.status],
        junk_reason=reason.name if reason else None,
    )
