"""deal_create and deal_update."""

from decimal import Decimal
from functools import partial
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from funil.accounts.access import Actor, require, scoped
from funil.accounts.members import new_record_owner
from funil.activities import timeline
from funil.activities.models import Kind
from funil.core.errors import ValidationFailed
from funil.core.writes import apply_changes, lock_for_write, save_versioned
from funil.pipelines.gates import check_gate
from funil.pipelines.models import Meaning, PipelineKind, Stage
from funil.pipelines.selectors import first_open_stage

from ..errors import DealError
from ..models import Deal, DealLine, DealStatus
from .fields import read_deal_input
from .lines import read_lines


def deal_create(
    *,
    actor: Actor,
    data: dict[str, Any],
    owner_id: int | None = None,
    stage: Stage | None = None,
    lines: list[dict[str, Any]] | None = None,
) -> Deal:
    """Create a deal in the default deal pipeline (or at `stage`); product lines set the amount unless an
    amount is given too (a negotiated total)."""
    require(actor, "deal", "create")
    if "title" not in data:
        data = {**data, "title": ""}
    values = read_deal_input(actor.workspace, data, scope=partial(scoped, actor))
    stage = stage or first_open_stage(actor.workspace, PipelineKind.DEAL)
    if stage.workspace_id != actor.workspace.pk or stage.pipeline.kind != PipelineKind.DEAL:
        raise ValidationFailed.single(
            "stage", DealError.STAGE_NOT_IN_PIPELINE, _("That stage is not a deal stage here.")
        )
    if stage.meaning != Meaning.OPEN:
        raise ValidationFailed.single("stage", DealError.CLOSED, _("A new deal starts in an open stage."))
    owner_id, team_id = new_record_owner(actor, "deal", owner_id)
    parsed_lines = read_lines(actor, lines or [])
    values.setdefault("currency", actor.workspace.currency)
    values.setdefault("probability", stage.probability)
    if parsed_lines and "amount" not in data:
        values["amount"] = sum((q * p for _, q, p in parsed_lines), Decimal(0))
    deal = Deal(
        workspace=actor.workspace,
        pipeline_id=stage.pipeline_id,
        stage=stage,
        owner_id=owner_id,
        team_id=team_id,
        created_by=actor.user,
        **values,
    )
    check_gate(deal, stage)
    with transaction.atomic():
        deal.save()
        DealLine.objects.bulk_create(
            DealLine(workspace=actor.workspace, deal=deal, product=prod, quantity=q, unit_price=p)
            for prod, q, p in parsed_lines
        )
        timeline.record_created(actor, deal, values, stage=stage.name)
    return deal


def deal_update(*, actor: Actor, deal: Deal, expected_version: int, changes: dict[str, Any]) -> Deal:
    require(actor, "deal", "update", deal)
    values = read_deal_input(actor.workspace, changes, deal=deal, scope=partial(scoped, actor))
    with transaction.atomic():
        deal = lock_for_write(deal, expected_version)
        changed = apply_changes(deal, values)
        if not changed:
            return deal
        if deal.status == DealStatus.WON and deal.amount <= 0:
            raise ValidationFailed.single(
                "amount", DealError.WON_AMOUNT_REQUIRED, _("A won deal keeps an amount above 0.")
            )
        check_gate(deal, deal.stage)
        save_versioned(deal, list(changed))
        timeline.record(
            actor=actor,
            target=deal,
            kind=Kind.FIELD_CHANGE,
            subject=f"Changed {', '.join(sorted(changed))}",
            payload={"changes": changed, "version": deal.version},
        )
    return deal
