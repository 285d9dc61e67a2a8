"""deal_delete: remove deals for good, with their product lines and timelines."""

from collections.abc import Iterable
from typing import Any

from django.db.models import Count

from funil.accounts.access import Actor
from funil.activities.deletion import DeletionPlan, delete_records, plan_deletion
from funil.core.writes import plain

from ..models import Deal, DealLine


def _check(deal: Deal, extra: dict[str, int]) -> None:
    """Any deal may go to whoever holds the delete right; the audit entry keeps its amount and outcome."""


def _extras(ids: list[int]) -> dict[str, dict[int, int]]:
    lines = DealLine.objects.filter(deal_id__in=ids).values_list("deal_id").annotate(n=Count("*")).order_by()
    return {"lines": dict(lines)}


def _details(deal: Deal) -> dict[str, Any]:
    return {"status": deal.status, "amount": plain(deal.amount), "currency": deal.currency, "owner": deal.owner_id}


def deal_delete_plan(*, actor: Actor, deals: Iterable[Deal]) -> DeletionPlan:
    """What deleting these deals would remove, and which would be refused: for the confirmation page."""
    return plan_deletion(actor=actor, records=deals, check=_check, extras=_extras)


def deal_delete(*, actor: Actor, deals: Iterable[Deal]) -> int:
    """Delete the deals (all of them or none), with their lines, timelines and files; audited."""
    return delete_records(actor=actor, records=deals, check=_check, extras=_extras, details=_details)
