"""lead_delete: remove leads for good, with their timelines; a converted lead stays as its contact's history."""

from collections.abc import Iterable
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _

from funil.accounts.access import Actor
from funil.activities.deletion import DeletionError, DeletionPlan, delete_records, plan_deletion
from funil.core.errors import DomainError
from funil.deals.models import Deal

from ..models import Lead, LeadStatus


def _check(lead: Lead, extra: dict[str, int]) -> None:
    # The contact, company and deal a conversion made carry on from the lead; deleting it would cut their origin
    # (source, campaign, first touch) out of reports. A mistaken conversion is undone, not deleted.
    if lead.status == LeadStatus.CONVERTED:
        raise DomainError(
            DeletionError.LEAD_CONVERTED,
            _("A converted lead stays as the history of its contact and deal. If converting was a mistake, undo it."),
        )


def _extras(ids: list[int]) -> dict[str, dict[int, int]]:
    """Deals that name the lead as their origin: they stay, without it."""
    deals = Deal.objects.filter(lead_id__in=ids).values_list("lead_id").annotate(n=Count("*")).order_by()
    return {"deals_unlinked": dict(deals)}


def _details(lead: Lead) -> dict[str, Any]:
    return {"status": lead.status, "stage": lead.stage_id, "owner": lead.owner_id}


def lead_delete_plan(*, actor: Actor, leads: Iterable[Lead]) -> DeletionPlan:
    """What deleting these leads would remove, and which would be refused: for the confirmation page."""
    return plan_deletion(actor=actor, records=leads, check=_check, extras=_extras)


def lead_delete(*, actor: Actor, leads: Iterable[Lead]) -> int:
    """Delete the leads (all of them or none), with their timelines and files; the audit log keeps who and when."""
    return delete_records(actor=actor, records=leads, check=_check, extras=_extras, details=_details)
