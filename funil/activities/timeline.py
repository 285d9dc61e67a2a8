"""Writing timeline rows. Services call `record()` inside their own transaction, after their permission checks."""

from datetime import datetime
from typing import Any

from django.db import models

from funil.accounts.access import Actor
from funil.core.writes import plain

from .models import Activity, Kind


def _owner_fk(target: models.Model) -> str:
    label = target._meta.model_name
    if label not in {"lead", "deal", "contact", "company"}:
        raise TypeError(f"Activities belong to a lead, deal, contact or company, not {label}")
    return str(label)


def record(
    *,
    actor: Actor,
    target: models.Model,
    kind: str,
    subject: str = "",
    body: str = "",
    payload: dict[str, Any] | None = None,
    direction: str = "",
    channel: str = "",
    due_at: datetime | None = None,
    remind_at: datetime | None = None,
    assignee_id: int | None = None,
) -> Activity:
    activity = build(
        actor=actor,
        target=target,
        kind=kind,
        subject=subject,
        body=body,
        payload=payload,
        direction=direction,
        channel=channel,
        due_at=due_at,
        remind_at=remind_at,
        assignee_id=assignee_id,
    )
    activity.save()
    return activity


def record_all(activities: list[Activity]) -> list[Activity]:
    """Rows made by build(), written in one INSERT (in order: their ids ascend as the list does)."""
    return Activity.objects.bulk_create(activities) if activities else []


def build(
    *,
    actor: Actor,
    target: models.Model,
    kind: str,
    subject: str = "",
    body: str = "",
    payload: dict[str, Any] | None = None,
    direction: str = "",
    channel: str = "",
    due_at: datetime | None = None,
    remind_at: datetime | None = None,
    assignee_id: int | None = None,
) -> Activity:
    """A timeline row not written yet: record() saves it, record_all() saves several in one INSERT."""
    activity = Activity(
        workspace=actor.workspace,
        kind=kind,
        subject=subject[:300],
        body=body,
        payload=payload or {},
        direction=direction,
        channel=channel,
        due_at=due_at,
        remind_at=remind_at,
        assignee_id=assignee_id,
        actor=actor.user,
        actor_label="" if actor.user else actor.system_label,
    )
    setattr(activity, _owner_fk(target), target)
    return activity


def record_created(actor: Actor, target: models.Model, values: dict[str, Any], **extra: Any) -> Activity:
    """The first row of a record's timeline: who created it, with the values it started with."""
    activity = build_created(actor, target, values, **extra)
    activity.save()
    return activity


def build_created(actor: Actor, target: models.Model, values: dict[str, Any], **extra: Any) -> Activity:
    """record_created's row, not written yet (for record_all)."""
    created = {k: plain(v) for k, v in values.items() if v not in ("", None, {}, [])}
    label = str(target._meta.verbose_name).capitalize()
    return build(
        actor=actor, target=target, kind=Kind.SYSTEM, subject=f"{label} created", payload={"created": created, **extra}
    )


def record_stage_change(
    actor: Actor, target: models.Model, old_stage: Any, stage: Any, note: str, **changes: Any
) -> Activity:
    """A move between stages, with what else the move changed (status, outcome) and the new version."""
    return record(
        actor=actor,
        target=target,
        kind=Kind.STAGE_CHANGE,
        subject=f"{old_stage.name} → {stage.name}",
        body=note,
        payload={
            "stage": [old_stage.pk, stage.pk],
            "stage_name": [old_stage.name, stage.name],
            **changes,
            "version": getattr(target, "version", None),
        },
    )
