"""Changing who owns a record (lead, deal, contact, company): shared by every `<entity>_assign` service."""

from collections.abc import Callable

from django.db import models, transaction

from funil.accounts.access import Actor, entity_of, require
from funil.accounts.members import team_of_member
from funil.core.writes import lock_for_write, save_versioned

from . import timeline
from .models import Kind


def owner_change[R: models.Model](
    *,
    actor: Actor,
    record: R,
    owner_id: int | None,
    expected_version: int | None,
    reason: str,
    guard: Callable[[R], None] | None = None,
) -> R:
    """Give the record to a member (or to nobody); its team follows the owner's. The timeline says who and why."""
    require(actor, entity_of(type(record)), "assign", record)
    team_id = team_of_member(actor.workspace, owner_id) if owner_id else None
    with transaction.atomic():
        record = lock_for_write(record, expected_version)
        if guard is not None:
            guard(record)  # checked on the locked row, so a concurrent change cannot slip past it
        old_owner = record.owner_id  # type: ignore[attr-defined]
        if old_owner == owner_id:
            return record
        record.owner_id, record.team_id = owner_id, team_id  # type: ignore[attr-defined]
        save_versioned(record, ["owner", "team"])
        timeline.record(
            actor=actor,
            target=record,
            kind=Kind.ASSIGNMENT,
            subject="Assigned" if owner_id else "Unassigned",
            body=reason,
            payload={"owner": [old_owner, owner_id], "reason": reason, "version": record.version},  # type: ignore[attr-defined]
        )
    return record
