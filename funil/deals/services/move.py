"""deal_move, deal_mark_won, deal_mark_lost and deal_assign."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from funil.accounts.access import Actor, require
from funil.activities import timeline
from funil.activities.ownership import owner_change
from funil.core.errors import DomainError, ValidationFailed
from funil.core.normalize import normalize_amount
from funil.core.writes import lock_for_write, plain, save_versioned
from funil.pipelines.gates import check_gate
from funil.pipelines.models import CloseReason, Meaning, ReasonKind, Stage
from funil.pipelines.selectors import close_reason

from ..errors import DealError
from ..models import Deal, DealStatus

_STATUS = {Meaning.OPEN: DealStatus.OPEN, Meaning.WON: DealStatus.WON, Meaning.LOST: DealStatus.LOST}


def deal_move(
    *,
    actor: Actor,
    deal: Deal,
    stage: Stage,
    expected_version: int | None = None,
    lost_reason: CloseReason | int | str | None = None,
    won_amount: Decimal | str | None = None,
    note: str = "",
) -> Deal:
    """Move within the deal's pipeline. Won needs an amount above zero; lost needs a reason."""
    require(actor, "deal", "update", deal)
    if stage.workspace_id != deal.workspace_id or stage.pipeline_id != deal.pipeline_id:
        raise ValidationFailed.single(
            "stage", DealError.STAGE_NOT_IN_PIPELINE, _("That stage is not in this deal's pipeline.")
        )
    reason = _lost_reason(actor, lost_reason) if stage.meaning == Meaning.LOST else None
    amount = normalize_amount(won_amount, field="won_amount") if won_amount not in (None, "") else None
    with transaction.atomic():
        deal = lock_for_write(deal, expected_version)
        if deal.stage_id == stage.pk:
            return deal
        if stage.meaning == Meaning.WON:
            amount = amount if amount is not None else deal.amount
            if not amount or amount <= 0:
                raise ValidationFailed.single("won_amount", DealError.WON_AMOUNT_REQUIRED, _("Say the amount won."))
        check_gate(deal, stage)
        _enter_stage(actor, deal, stage, reason, amount, note)
    return deal


def deal_mark_won(
    *, actor: Actor, deal: Deal, amount: Decimal | str | None = None, expected_version: int | None = None
) -> Deal:
    return deal_move(
        actor=actor,
        deal=deal,
        stage=_closing_stage(deal, Meaning.WON),
        expected_version=expected_version,
        won_amount=amount,
    )


def deal_mark_lost(
    *,
    actor: Actor,
    deal: Deal,
    reason: CloseReason | int | str | None,
    note: str = "",
    expected_version: int | None = None,
) -> Deal:
    return deal_move(
        actor=actor,
        deal=deal,
        stage=_closing_stage(deal, Meaning.LOST),
        expected_version=expected_version,
        lost_reason=reason,
        note=note,
    )


def deal_assign(
    *, actor: Actor, deal: Deal, owner_id: int | None, expected_version: int | None = None, reason: str = ""
) -> Deal:
    return owner_change(actor=actor, record=deal, owner_id=owner_id, expected_version=expected_version, reason=reason)


def _closing_stage(deal: Deal, meaning: Meaning) -> Stage:
    stage = Stage.objects.filter(pipeline_id=deal.pipeline_id, meaning=meaning).first()
    if stage is None:
        raise DomainError(
            DealError.NO_PIPELINE, _("This pipeline has no %(meaning)s stage.") % {"meaning": Meaning(meaning).label}
        )
    return stage


def _lost_reason(actor: Actor, reason: CloseReason | int | str | None) -> CloseReason:
    return close_reason(
        actor.workspace,
        ReasonKind.LOST,
        reason,
        field="lost_reason",
        required=DealError.LOST_REASON_REQUIRED,
        invalid=DealError.LOST_REASON_INVALID,
    )


def _enter_stage(
    actor: Actor, deal: Deal, stage: Stage, reason: CloseReason | None, amount: Decimal | None, note: str
) -> None:
    old_stage, old_status, old_amount = deal.stage, deal.status, deal.amount
    deal.stage = stage
    deal.status = _STATUS[Meaning(stage.meaning)]
    deal.probability = stage.probability
    deal.lost_reason = reason
    deal.lost_note = note if reason else ""
    deal.closed_at = timezone.now() if stage.meaning != Meaning.OPEN else None
    fields = ["stage", "status", "probability", "lost_reason", "lost_note", "closed_at"]
    if amount is not None and stage.meaning == Meaning.WON:
        deal.amount = amount
        fields.append("amount")
    save_versioned(deal, fields)
    timeline.record_stage_change(
        actor,
        deal,
        old_stage,
        stage,
        note,
        status=[old_status, deal.status],
        amount=[plain(old_amount), plain(deal.amount)],
        lost_reason=reason.name if reason else None,
    )
