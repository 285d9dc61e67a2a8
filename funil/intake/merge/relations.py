"""Every row that points at a lead moves to the survivor, and back on undo, by id.

The rows are found from the model graph (every foreign key to Lead), so activities, follow-ups, attachments
(through their activities), deals, duplicate flags, intake identities, and whatever later points at a lead all
move alike. Not moved: a lead's own tombstone pointer and merge records (they describe the merge itself), and
one-to-one rows (one per lead: they stay with their lead).
"""

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django.apps import apps
from django.db import models

from funil.intake.models import DuplicateFlag
from funil.leads.models import Lead

_KEPT = {"leads.lead.merged_into", "intake_merge.mergerecord.survivor"}
_CHUNK = 2000  # ids per statement: far below SQLite's bound on parameters


def lead_links() -> list[tuple[str, type[models.Model], str]]:
    """(label, model, foreign key name) of every row kind that points at a lead."""
    links = []
    for rel in Lead._meta.get_fields(include_hidden=True):  # hidden too: foreign keys named "+"
        if not (isinstance(rel, models.ManyToOneRel) and rel.one_to_many):
            continue
        fk = rel.field
        label = f"{fk.model._meta.label_lower}.{fk.name}"
        if label not in _KEPT:
            links.append((label, fk.model, fk.name))
    return links


def move_to(survivor_id: int, other_ids: list[int]) -> dict[str, dict[str, list[int]]]:
    """Point every row of the other leads at the survivor; returns {label: {from lead id: [row ids]}}."""
    moved: dict[str, dict[str, list[int]]] = {}
    for label, model, name in lead_links():
        rows = model._base_manager.filter(**{f"{name}_id__in": other_ids})
        by_lead: dict[str, list[int]] = {}
        for pk, lead_id in rows.values_list("pk", f"{name}_id").order_by("pk"):
            by_lead.setdefault(str(lead_id), []).append(pk)
        if by_lead:
            rows.update(**{f"{name}_id": survivor_id})
            moved[label] = by_lead
    return moved


def repointed(moved: dict[str, dict[str, list[int]]], survivor_id: int) -> bool:
    """Whether any moved row that still exists points elsewhere than the survivor now (someone re-linked it)."""
    for model, name, _lead_id, ids in _entries(moved):
        if model._base_manager.filter(pk__in=ids).exclude(**{f"{name}_id": survivor_id}).exists():
            return True
    return False


def move_back(moved: dict[str, dict[str, list[int]]], survivor_id: int) -> None:
    for model, name, lead_id, ids in _entries(moved):
        model._base_manager.filter(pk__in=ids, **{f"{name}_id": survivor_id}).update(**{f"{name}_id": lead_id})


def _entries(moved: dict[str, dict[str, list[int]]]) -> Iterator[tuple[type[models.Model], str, int, list[int]]]:
    for label, by_lead in moved.items():
        app_model, _, name = label.rpartition(".")
        model = apps.get_model(app_model)
        for lead_id, ids in by_lead.items():
            for start in range(0, len(ids), _CHUNK):
                yield model, name, int(lead_id), ids[start : start + _CHUNK]


def resolve_joined_flags(survivor_id: int, at: datetime) -> list[int]:
    """Flags between leads that are now one (both ends on the survivor) are settled by the merge."""
    flags = DuplicateFlag.objects.filter(lead_id=survivor_id, other_lead_id=survivor_id, resolved_at__isnull=True)
    ids = list(flags.values_list("pk", flat=True))
    DuplicateFlag.objects.filter(pk__in=ids).update(resolved_at=at)
    return ids


def flags_unchanged(ids: list[int], at: Any) -> bool:
    return not DuplicateFlag.objects.filter(pk__in=ids).exclude(resolved_at=at).exists()


def reopen_flags(ids: list[int]) -> None:
    DuplicateFlag.objects.filter(pk__in=ids).update(resolved_at=None)


def counts(moved: dict[str, dict[str, list[int]]]) -> dict[str, int]:
    return {label: sum(len(ids) for ids in by_lead.values()) for label, by_lead in moved.items()}
