"""lead_create and lead_update: every manual write of a lead's fields goes through these two."""

from collections.abc import Callable
from functools import partial
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from funil.accounts.access import Actor, require, scoped
from funil.accounts.members import new_record_owner
from funil.accounts.models import CrmMode
from funil.activities import timeline
from funil.activities.models import Activity, Kind
from funil.core.errors import DomainError, ValidationFailed
from funil.core.writes import apply_changes, lock_for_write, save_versioned
from funil.pipelines.gates import check_gate
from funil.pipelines.models import Meaning, PipelineKind, Stage
from funil.pipelines.selectors import first_open_stage

from ..errors import LeadError
from ..models import Lead, LeadStatus
from .fields import IDENTITY_FIELDS, NewLeadInput, read_lead_input, read_new_lead


def lead_create(
    *,
    actor: Actor,
    data: dict[str, Any] | NewLeadInput,
    owner_id: int | None = None,
    stage: Stage | None = None,
    also_on_timeline: Callable[[Lead], list[Activity]] | None = None,
) -> Lead:
    """Create a lead in the workspace's default lead pipeline (or at `stage`), owned by its creator by default.
    `data` is raw input, or a NewLeadInput the caller already read (with the same actor) by read_new_lead.
    `also_on_timeline` builds (timeline.build) rows for the new lead written with its "created" row at once."""
    require(actor, "lead", "create")
    if actor.workspace.crm_mode == CrmMode.SIMPLE:
        raise DomainError(LeadError.SIMPLE_MODE, _("This workspace works with deals only (simple mode)."))
    if isinstance(data, NewLeadInput):
        values = dict(data.values)
    else:
        values = read_new_lead(actor.workspace, data, scope=partial(scoped, actor)).values
    if not any(values.get(name) for name in IDENTITY_FIELDS):
        raise ValidationFailed.single(
            "first_name", LeadError.EMPTY, _("Give at least a name, a company, an email or a phone.")
        )
    stage = stage or first_open_stage(actor.workspace, PipelineKind.LEAD)
    if stage.workspace_id != actor.workspace.pk or stage.pipeline.kind != PipelineKind.LEAD:
        raise ValidationFailed.single(
            "stage", LeadError.STAGE_NOT_IN_PIPELINE, _("That stage is not a lead stage here.")
        )
    if stage.meaning != Meaning.OPEN:
        raise ValidationFailed.single("stage", LeadError.CLOSED, _("A new lead starts in an open stage."))
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
    # Everything that can refuse has run: no savepoint of its own inside a caller's transaction (a database
    # error still rolls the caller's transaction back, as it must).
    with transaction.atomic(savepoint=False):
        lead.save()
        if products:
            lead.products.set(products)
        created = timeline.build_created(actor, lead, values, stage=stage.name)
        timeline.record_all([created, *(also_on_timeline(lead) if also_on_timeline else [])])
    return lead


def lead_update(*, actor: Actor, lead: Lead, expected_version: int, changes: dict[str, Any]) -> Lead:
    """Change fields; logs old and new values. A stale `expected_version` is refused with a conflict."""
    require(actor, "lead", "update", lead)
    values = read_lead_input(actor.workspace, changes, lead=lead, scope=partial(scoped, actor))
    with transaction.atomic():
        lead = lock_for_write(lead, expected_version)
        if lead.status == LeadStatus.CONVERTED:
            raise DomainError(LeadError.CLOSED, _("A converted lead is read-only; its contact and deal carry on."))
        if not lead.is_editable:
            raise DomainError(LeadError.CLOSED, _("A junk lead is closed; move it back to an open stage to edit it."))
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
