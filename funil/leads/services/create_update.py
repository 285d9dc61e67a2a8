"""lead_create and lead_update: every manual write of a lead's fields goes through these two."""

from functools import partial
from typing import Any

from django.db import transaction

from funil.accounts.access import Actor, require, scoped
from funil.accounts.members import new_record_owner
from funil.accounts.models import CrmMode
from funil.activities import timeline
from funil.activities.models import Kind
from funil.core.errors import DomainError, ValidationFailed
from funil.core.writes import apply_changes, lock_for_write, save_versioned
from funil.pipelines.gates import check_gate
from funil.pipelines.models import Meaning, PipelineKind, Stage
from funil.pipelines.selectors import first_open_stage

from ..errors import LeadError
from ..models import Lead, LeadStatus
from .fields import IDENTITY_FIELDS, read_lead_input


def lead_create(
    *,
    actor: Actor,
    data: dict[str, Any],
    owner_id: int | None = None,
    stage: Stage | None = None,
) -> Lead:
    """Create a lead in the workspace's default lead pipeline (or at `stage`), owned by its creator by default."""
    require(actor, "lead", "create")
    if actor.workspace.crm_mode == CrmMode.SIMPLE:
        raise DomainError(LeadError.SIMPLE_MODE, "This workspace works with deals only (simple mode).")
    data = {**data, "custom_fields": data.get("custom_fields") or {}}  # required custom fields are checked
    values = read_lead_input(actor.workspace, data, scope=partial(scoped, actor))
    if not any(values.get(name) for name in IDENTITY_FIELDS):
        raise ValidationFailed.single(
            "first_name", LeadError.EMPTY, "Give at least a name, a company, an email or a phone."
        )
    stage = stage or first_open_stage(actor.workspace, PipelineKind.LEAD)
    if stage.workspace_id != actor.workspace.pk or stage.pipeline.kind != PipelineKind.LEAD:
        raise ValidationFailed.single("stage", LeadError.STAGE_NOT_IN_PIPELINE, "That stage is not a lead stage here.")
    if stage.meaning != Meaning.OPEN:
        raise ValidationFailed.single("stage", LeadError.CLOSED, "A new lead starts in an open stage.")
    owner_id, team_id = new_record_owner(actor, "lead", owner_id)
    products = values.pop("products", [])
    values.setdefault("currency", actor.workspace.currency)
    lead = Lead(
        workspace=actor.workspace,
        pipeline_id=stage.pipeline_id,
        stage=stage,
        owner_id=owner_id,
        team_id=team_id,
        created_by=actor.user,
        **values,
    )
    check_gate(lead, stage, extra={"products": products})
    lead.refresh_search_text()
    with transaction.atomic():
        lead.save()
        if products:
            lead.products.set(products)
        timeline.record_created(actor, lead, values, stage=stage.name)
    return lead


def lead_update(*, actor: Actor, lead: Lead, expected_version: int, changes: dict[str, Any]) -> Lead:
    """Change fields; logs old and new values. A stale `expected_version` is refused with a conflict."""
    require(actor, "lead", "update", lead)
    values = read_lead_input(actor.workspace, changes, lead=lead, scope=partial(scoped, actor))
    with transaction.atomic():
        lead = lock_for_write(lead, expected_version)
        if lead.status == LeadStatus.CONVERTED:
            raise DomainError(LeadError.CLOSED, "A converted lead is read-only; its contact and deal carry on.")
        products = values.pop("products", None)
        changed = apply_changes(lead, values)
        if products is not None:
            old = sorted(lead.products.values_list("pk", flat=True))
            new = sorted(p.pk for p in products)
            if old != new:
                lead.products.set(products)
                changed["products"] = [old, new]
        if not changed:
            return lead
        check_gate(lead, lead.stage)
        fields = [f for f in changed if f != "products"]
        before = lead.search_text
        lead.refresh_search_text()
        save_versioned(lead, fields + (["search_text"] if lead.search_text != before else []))
        timeline.record(
            actor=actor,
            target=lead,
            kind=Kind.FIELD_CHANGE,
            subject=f"Changed {', '.join(sorted(changed))}",
            payload={"changes": changed, "version": lead.version},
        )
    return lead
