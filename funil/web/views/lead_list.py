"""The lead list: sortable columns, keyset pages, chosen columns, the board's filters, and bulk actions."""

import csv
from collections.abc import Iterator

from django.contrib import messages
from django.http import HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from funil.accounts.access import Actor, can, scoped
from funil.accounts.models import Membership
from funil.core.errors import DomainError
from funil.leads.models import Lead
from funil.leads.selectors import LeadFilter, leads_filtered, list_page
from funil.leads.services import lead_assign, lead_mark_junk, lead_move
from funil.pipelines.models import CloseReason, PipelineKind, ReasonKind, Stage

from ..doors import Request, error_text, member_view, safe_next
from ..filters import filter_choices

COLUMNS = {
    "name": gettext_lazy("Name"),
    "company": gettext_lazy("Company"),
    "email": gettext_lazy("Email"),
    "phone": gettext_lazy("Phone"),
    "stage": gettext_lazy("Stage"),
    "owner": gettext_lazy("Owner"),
    "source": gettext_lazy("Source"),
    "score": gettext_lazy("Score"),
    "value": gettext_lazy("Expected value"),
    "followup": gettext_lazy("Next follow-up"),
    "created": gettext_lazy("Created"),
}
DEFAULT_COLUMNS = ["name", "company", "stage", "owner", "source", "score", "followup", "created"]
SORTS = {"created": "created_at", "score": "score", "value": "expected_value", "followup": "next_followup_at"}


@require_GET
@member_view
def lead_list(request: Request, actor: Actor) -> HttpResponse:
    f = LeadFilter.from_query(request.GET)
    sort = request.GET.get("sort", "-created")
    columns = [c for c in request.GET.getlist("col") if c in COLUMNS] or DEFAULT_COLUMNS
    page = list_page(leads_filtered(actor, f), sort=sort, sorts=SORTS, cursor=request.GET.get("cursor", ""))
    context = {
        "actor": actor,
        "nav": "leads",
        "filter": f,
        "query": f.as_query(),
        "choices": filter_choices(actor),
        "page": page,
        "sort": sort,
        "columns": columns,
        "all_columns": COLUMNS,
        "sortable": SORTS,
        "stages": Stage.objects.filter(workspace=actor.workspace, pipeline__kind=PipelineKind.LEAD),
        "reasons": CloseReason.objects.filter(workspace=actor.workspace, kind=ReasonKind.JUNK, active=True),
        "members": Membership.objects.filter(workspace=actor.workspace, is_active=True).select_related("user"),
        "can_assign": can(actor, "lead", "assign"),
        "can_export": can(actor, "lead", "export"),
    }
    template = "web/leads/_list_rows.html" if request.GET.get("cursor") and request.htmx else "web/leads/list.html"
    return render(request, template, context)


@require_POST
@member_view
def bulk(request: Request, actor: Actor) -> HttpResponseBase:
    """Apply one action to the selected leads, each through its service; report what was done and refused."""
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
    leads = list(scoped(actor, Lead).filter(pk__in=ids))
    action = request.POST.get("action", "")
    if action == "export":
        return _export(leads)
    done, refused = 0, []
    for lead in leads:
        try:
            _apply(actor, lead, action, request)
            done += 1
        except DomainError as exc:
            refused.append(f"{lead}: {error_text(exc)}")
    if done:
        messages.success(request, ngettext("%(n)d lead updated.", "%(n)d leads updated.", done) % {"n": done})
    for line in refused[:10]:
        messages.error(request, line)
    return redirect(safe_next(request, reverse("web:lead_list")))


def _apply(actor: Actor, lead: Lead, action: str, request: Request) -> None:
    if action == "assign":
        owner = request.POST.get("owner", "")
        lead_assign(
            actor=actor, lead=lead, owner_id=int(owner) if owner.isdigit() else None, reason=_("Bulk assignment")
        )
    elif action == "move":
        stage = Stage.objects.filter(workspace=actor.workspace, pk=request.POST.get("stage") or 0).first()
        if stage is None:
            raise DomainError("stage_required", _("Pick a stage."))
        lead_move(actor=actor, lead=lead, stage=stage, junk_reason=request.POST.get("reason") or None)
    elif action == "junk":
        lead_mark_junk(actor=actor, lead=lead, reason=request.POST.get("reason") or None)
    else:
        raise DomainError("action_unknown", _("Pick an action."))


class _Echo:
    def write(self, value: str) -> str:
        return value


def _export(leads: list[Lead]) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    header = [
        "id",
        "first_name",
        "last_name",
        "company_name",
        "email",
        "phone",
        "stage",
        "status",
        "score",
        "created_at",
    ]

    def rows() -> Iterator[str]:
        yield writer.writerow(header)
        for lead in leads:
            values = [
                lead.pk,
                lead.first_name,
                lead.last_name,
                lead.company_name,
                lead.email,
                lead.phone,
                lead.stage_id,
                lead.status,
                lead.score,
                lead.created_at.isoformat(),
            ]
            # A cell a spreadsheet would execute is written as text.
            yield writer.writerow([f"'{v}" if isinstance(v, str) and v[:1] in "=+-@" else v for v in values])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="leads.csv"'
    return response
