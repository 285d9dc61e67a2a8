"""lead_merge and lead_merge_undo: possible duplicates become one lead, and can become two again, exactly.

Permission: a merge needs `update` on the survivor and on every lead merged into it. A merge is reversible, so it
is an edit of each lead rather than a deletion: a salesperson merges the leads they own, a manager their team's,
an admin any, a read-only member none. Undoing needs the same, and (as for conversions) only an admin or the
person who merged may undo.

Versions: the caller passes the version it read of every lead; any other is a conflict and nothing is written.
The survivor's version after a merge is above every merged lead's, so a stale form of a merged lead (whose id now
resolves to the survivor) is refused as a conflict instead of writing over the survivor.

Undo is refused (`merge_changed_since`) once the survivor has been changed after the merge (its version moved on:
an edit, a stage move, an assignment...), or a moved row was re-linked elsewhere; activities simply logged on the
survivor since stay with it. Undoing the latest merge of a lead makes the one before it undoable again.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from funil.accounts.access import Actor, require
from funil.accounts.roles import Role
from funil.activities import timeline
from funil.activities.models import Kind
from funil.activities.services import refresh_next_followup
from funil.core.errors import Conflict, DomainError, Forbidden, NotFound, ValidationFailed
from funil.core.writes import plain, save_versioned
from funil.leads.models import Lead, LeadStatus
from funil.pipelines.gates import check_gate

from . import relations
from .errors import MergeError
from .fields import SNAPSHOT, Outcome, read_choices, resolve, restore, snapshot
from .models import MergeRecord

MAX_MERGED = 10  # leads merged into one survivor at once: keeps the transaction (and the page) small


def lead_merge(
    *,
    actor: Actor,
    survivor: Lead,
    others: Sequence[Lead],
    choices: Mapping[str, Any],
    expected_versions: Mapping[Any, Any],
) -> MergeRecord:
    """Merge `others` into `survivor` in one transaction; the others become tombstones pointing at it."""
    ids = _ids(survivor, others)
    versions = _versions(actor, expected_versions, ids)
    for lead in (survivor, *others):
        require(actor, "lead", "update", lead)
    with transaction.atomic():
        leads = _lock(Lead.objects, ids)
        for lead in leads.values():
            _check_fresh(actor, lead, versions.get(lead.pk))
        survivor, others = leads[ids[0]], [leads[pk] for pk in ids[1:]]
        products = _products(ids)
        outcome = resolve(survivor, others, read_choices(choices, survivor, others), products)
        record = MergeRecord(
            workspace=actor.workspace,
            survivor=survivor,
            merged_ids=ids[1:],
            actor=actor.user,
            actor_label="" if actor.user else actor.system_label,
            version_before=survivor.version,
            survivor_before=snapshot(survivor),
            products_before=products[survivor.pk],
        )
        now = timezone.now()
        record.moved = relations.move_to(survivor.pk, ids[1:])
        record.resolved_flags = {"at": now.isoformat(), "ids": relations.resolve_joined_flags(survivor.pk, now)}
        _apply(survivor, outcome, top_version=max(lead.version for lead in leads.values()))
        for other in others:
            other.merged_into, other.merged_at = survivor, now
            save_versioned(other, ["merged_into", "merged_at"])
        refresh_next_followup(survivor)
        record.version_after = survivor.version
        record.survivor_after = {"first_contacted_at": plain(survivor.first_contacted_at)}
        record.lost = outcome.lost
        record.save()
        _record_merge(actor, survivor, others, outcome, record)
    return record


def lead_merge_undo(*, actor: Actor, merge: MergeRecord) -> Lead:
    """Restore the merged leads, move back what was theirs and give the survivor its values from before."""
    with transaction.atomic():
        try:
            merge = MergeRecord.objects.select_for_update().get(pk=merge.pk, workspace=actor.workspace)
        except MergeRecord.DoesNotExist:
            raise NotFound() from None
        if merge.undone_at is not None:
            raise DomainError(MergeError.ALREADY_UNDONE, _("This merge was already undone."))
        if not (actor.is_system or actor.role == Role.ADMIN or merge.actor_id == getattr(actor.user, "pk", None)):
            raise Forbidden(_("Only an admin or the person who merged these leads can undo it."))
        leads = _lock(Lead.all_objects, [merge.survivor_id, *merge.merged_ids])
        for lead in leads.values():
            require(actor, "lead", "update", lead)
        survivor, restored = leads[merge.survivor_id], [leads[pk] for pk in merge.merged_ids]
        _check_undoable(merge, survivor, restored)
        relations.reopen_flags(merge.resolved_flags.get("ids", []))
        relations.move_back(merge.moved, survivor.pk)
        _restore_survivor(survivor, merge)
        for lead in restored:
            lead.merged_into, lead.merged_at = None, None
            save_versioned(lead, ["merged_into", "merged_at"])
        for lead in (survivor, *restored):
            refresh_next_followup(lead)
        merge.undone_at, merge.undone_by = timezone.now(), actor.user
        merge.save(update_fields=["undone_at", "undone_by"])
        # The merge before this one left the survivor as this one found it: it may be undone again.
        MergeRecord.objects.filter(survivor=survivor, undone_at=None, version_after=merge.version_before).update(
            version_after=survivor.version
        )
        _record_undo(actor, survivor, restored, merge)
    return survivor


def _ids(survivor: Lead, others: Sequence[Lead]) -> list[int]:
    ids = [survivor.pk, *(other.pk for other in others)]
    if not others:
        raise ValidationFailed.single(
            "others", MergeError.NOTHING_TO_MERGE, _("Choose at least one other lead to merge.")
        )
    if len(set(ids)) != len(ids):
        raise ValidationFailed.single(
            "others", MergeError.SAME_LEAD, _("A lead cannot be merged into itself, nor twice.")
        )
    if len(others) > MAX_MERGED:
        raise ValidationFailed.single(
            "others", MergeError.TOO_MANY, _("Merge at most %(n)d leads at once.") % {"n": MAX_MERGED}
        )
    return ids


def _versions(actor: Actor, raw: Mapping[Any, Any], ids: list[int]) -> dict[int, int]:
    versions: dict[int, int] = {}
    for key, value in raw.items():
        try:
            versions[int(key)] = int(value)
        except (TypeError, ValueError):
            raise ValidationFailed.single(
                "expected_versions", MergeError.VERSION_REQUIRED, _("Versions are whole numbers.")
            ) from None
    if not actor.is_system and any(pk not in versions for pk in ids):
        raise ValidationFailed.single(
            "expected_versions", MergeError.VERSION_REQUIRED, _("Give the version you read of every lead.")
        )
    return versions


def _lock(manager: models.Manager[Lead], ids: list[int]) -> dict[int, Lead]:
    """Lock the leads in id order (two merges of overlapping leads cannot deadlock); a missing one is not found."""
    rows = list(manager.select_for_update().filter(pk__in=ids).order_by("pk"))
    if len(rows) != len(ids):
        raise NotFound()
    return {lead.pk: lead for lead in rows}


def _check_fresh(actor: Actor, lead: Lead, expected: int | None) -> None:
    require(actor, "lead", "update", lead)  # again, on the locked row: its owner may have changed
    if expected is not None and expected != lead.version:
        raise Conflict(current_version=lead.version)
    if lead.status == LeadStatus.CONVERTED:
        raise DomainError(
            MergeError.CONVERTED,
            _("%(lead)s is converted: it stays as its contact's history. Convert the other lead to that contact.")
            % {"lead": lead},
        )


def _products(ids: list[int]) -> dict[int, list[int]]:
    products: dict[int, list[int]] = {pk: [] for pk in ids}
    for lead_id, product_id in Lead.products.through.objects.filter(lead_id__in=ids).values_list(
        "lead_id", "product_id"
    ):
        products[lead_id].append(product_id)
    return {pk: sorted(values) for pk, values in products.items()}


def _apply(survivor: Lead, outcome: Outcome, *, top_version: int) -> None:
    for name, value in outcome.values.items():
        setattr(survivor, name, value)
    survivor.custom_fields = outcome.custom_fields
    if outcome.products is not None:
        survivor.products.set(outcome.products)
    check_gate(survivor, survivor.stage)
    survivor.refresh_search_text()
    survivor.version = top_version  # save_versioned adds one: above every merged lead's version
    save_versioned(survivor, list(SNAPSHOT))


def _check_undoable(merge: MergeRecord, survivor: Lead, restored: list[Lead]) -> None:
    if survivor.merged_into_id is not None:
        raise DomainError(
            MergeError.SURVIVOR_MERGED,
            _("%(lead)s was merged into another lead since; undo that merge first.") % {"lead": survivor},
        )
    at = parse_datetime(merge.resolved_flags.get("at", "")) if merge.resolved_flags else None
    if (
        survivor.version != merge.version_after
        or any(lead.merged_into_id != survivor.pk for lead in restored)
        or relations.repointed(merge.moved, survivor.pk)
        or not relations.flags_unchanged(merge.resolved_flags.get("ids", []), at)
    ):
        raise DomainError(
            MergeError.CHANGED_SINCE,
            _("%(lead)s was changed after the merge, so the merge can no longer be undone exactly.")
            % {"lead": survivor},
        )


def _restore_survivor(survivor: Lead, merge: MergeRecord) -> None:
    values = dict(merge.survivor_before)
    if plain(survivor.first_contacted_at) != merge.survivor_after.get("first_contacted_at"):
        values.pop("first_contacted_at")  # a first contact made since the merge stays
    names = restore(survivor, values)
    survivor.products.set(merge.products_before)
    save_versioned(survivor, names)


def _record_merge(actor: Actor, survivor: Lead, others: list[Lead], outcome: Outcome, record: MergeRecord) -> None:
    lost = [f"{key}: {loser['value']} (#{loser['lead']})" for key, losers in outcome.lost.items() for loser in losers]
    timeline.record(
        actor=actor,
        target=survivor,
        kind=Kind.MERGE,
        subject=f"Merged into this lead: {', '.join(str(other) for other in others)}",
        body=("Values not kept:\n" + "\n".join(lost)) if lost else "",
        payload={
            "merge": record.pk,
            "merged": [{"id": other.pk, "label": str(other)} for other in others],
            "lost": outcome.lost,
            "consent_from": outcome.consent_from,
            "moved": relations.counts(record.moved),
            "version": survivor.version,
        },
    )


def _record_undo(actor: Actor, survivor: Lead, restored: list[Lead], merge: MergeRecord) -> None:
    timeline.record(
        actor=actor,
        target=survivor,
        kind=Kind.MERGE,
        subject=f"Merge undone: {', '.join(str(lead) for lead in restored)} restored",
        payload={"undone": merge.pk, "restored": merge.merged_ids, "version": survivor.version},
    )
    for lead in restored:
        timeline.record(
            actor=actor,
            target=lead,
            kind=Kind.MERGE,
            subject=f"Restored: the merge into {survivor} was undone",
            payload={"undone": merge.pk, "survivor": survivor.pk, "version": lead.version},
        )
