"""The lead card's "Possible duplicates" panel: an htmx fragment the card loads after it renders (a page of its own
without JavaScript). Flags and intake matches with their reasons, a link to each record, Merge…, Not a duplicate,
and Undo for a merge into this lead that can still be undone."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from funil.accounts.access import Actor, can
from funil.intake.merge.selectors import duplicates_of, open_merges

from ...doors import Request, member_view
from ..record_kinds import KINDS


@require_GET
@member_view
def panel(request: Request, actor: Actor, lead_id: int) -> HttpResponse:
    lead = KINDS["lead"].load(actor, lead_id)
    can_edit = can(actor, "lead", "update", lead)
    context = {
        "actor": actor,
        "lead": lead,
        "panel": True,
        "candidates": duplicates_of(actor, lead),
        "merges": [m for m in open_merges(actor, lead) if m.undoable],  # type: ignore[attr-defined]
        "can_edit": can_edit,
        "can_merge": can_edit and lead.status != "converted",
        "nav": "leads",
    }
    template = "web/merge/_duplicates_panel.html" if request.htmx else "web/merge/duplicates.html"
    return render(request, template, context)
