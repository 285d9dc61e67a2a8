"""Writing timeline rows. Services call `record()` inside their own transaction, after their permission checks."""

from datetime import datetime
from typing import Any

from django.db import models

from funil.accounts.access import Actor

from .models import Activity


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
    activity.save()
    return activity
