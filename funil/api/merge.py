"""Merging leads and undoing a merge over the API: `POST /leads/merge` and `POST /merges/{id}/undo`.

Mount with `api.add_router("", merge_router)` (paths are absolute under /api/v1/). Errors are the domain's coded
errors (409 for a stale version, 422 per field, 403, 404) through the API's one DomainError handler.
"""

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from funil.accounts.access import Actor, load
from funil.core.errors import NotFound
from funil.intake.merge.selectors import merge_for
from funil.intake.merge.services import lead_merge, lead_merge_undo
from funil.leads.models import Lead

router = Router(tags=["leads"])


class MergeIn(Schema):
    survivor: int = Field(description="The lead that stays.")
    others: list[int] = Field(description="The leads merged into it (at most 10).")
    choices: dict[str, int | str] = Field(
        default_factory=dict,
        description='Per field, the id of the lead whose value is kept: {"email": 12, "custom:segment": 14, '
        '"products": "union"}. Unnamed fields keep the survivor\'s value, or the first other lead\'s when it has none.',
    )
    expected_versions: dict[str, int] = Field(description="The version read of every lead, by lead id.")


class MergeOut(Schema):
    merge: int
    survivor: int
    merged: list[int]
    version: int = Field(description="The survivor's version after the merge.")


class UndoOut(Schema):
    merge: int
    survivor: int
    restored: list[int]
    version: int


def _actor(request: HttpRequest) -> Actor:
    auth = getattr(request, "auth", None)  # an API key's Actor, or the session user (then the middleware's actor)
    actor = auth if isinstance(auth, Actor) else getattr(request, "actor", None)
    if not isinstance(actor, Actor):
        raise NotFound()
    return actor


@router.post("/leads/merge", response=MergeOut, summary="Merge leads into one survivor")
def merge(request: HttpRequest, body: MergeIn) -> dict[str, Any]:
    actor = _actor(request)
    survivor = load(actor, Lead, body.survivor, "update")
    others = [load(actor, Lead, pk, "update") for pk in body.others]
    record = lead_merge(
        actor=actor,
        survivor=survivor,
        others=others,
        choices=body.choices,
        expected_versions=body.expected_versions,
    )
    return {
        "merge": record.pk,
        "survivor": record.survivor_id,
        "merged": record.merged_ids,
        "version": record.version_after,
    }


@router.post("/merges/{merge_id}/undo", response=UndoOut, summary="Undo a merge")
def undo(request: HttpRequest, merge_id: int) -> dict[str, Any]:
    actor = _actor(request)
    record = merge_for(actor, merge_id)
    survivor = lead_merge_undo(actor=actor, merge=record)
    return {"merge": record.pk, "survivor": survivor.pk, "restored": record.merged_ids, "version": survivor.version}
