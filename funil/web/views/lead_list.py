"""The lead list: sortable columns, keyset pages, chosen columns, the board's filters, and bulk actions."""

from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from funil.accounts.access import Actor
from funil.leads.models import Lead
from funil.leads.selectors import LeadFilter, leads_filtered
from funil.leads.services import lead_assign, lead_mark_junk, lead_move
from funil.pipelines.models import CloseReason, PipelineKind, ReasonKind, Stage

from ..doors import Request, member_view
from ..filters import filter_choices
from ..listing import ListSpec, iso, owner_from, render_list, run_bulk, stage_from


def _assign(actor: Actor, lead: Lead, request: Request) -> None:
    lead_assign(actor=actor, lead=lead, owner_id=owner_from(request), reason=_("Bulk assignment"))


def _move(actor: Actor, lead: Lead, request: Request) -> None:
    stage = stage_from(actor, request, PipelineKind.LEAD)
    lead_move(actor=actor, lead=lead, stage=stage, junk_reason=request.POST.get("reason") or None)


def _junk(actor: Actor, lead: Lead, request: Request) -> None:
    lead_mark_junk(actor=actor, lead=lead, reason=request.POST.get("reason") or None)


SPEC = ListSpec(
    entity="lead",
    model=Lead,
    nav="leads",
    columns={
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
    },
    default_columns=("name", "company", "stage", "owner", "source", "score", "followup", "created"),
    sorts={"created": "created_at", "score": "score", "value": "expected_value", "followup": "next_followup_at"},
    numeric=frozenset({"score", "value"}),
    template="web/leads/list.html",
    rows_template="web/leads/_list_rows.html",
    updated=lambda n: ngettext("%(n)d lead updated.", "%(n)d leads updated.", n) % {"n": n},
    actions={"assign": _assign, "move": _move, "junk": _junk},
    export=(
        ("id", lambda r: r.pk),
        ("first_name", lambda r: r.first_name),
        ("last_name", lambda r: r.last_name),
        ("company_name", lambda r: r.company_name),
        ("email", lambda r: r.email),
        ("phone", lambda r: r.phone),
        ("stage", lambda r: r.stage.name),
        ("status", lambda r: r.status),
        ("owner", lambda r: r.owner.email if r.owner else ""),
        ("source", lambda r: r.source.name if r.source else ""),
        ("score", lambda r: r.score),
        ("expected_value", lambda r: r.expected_value if r.expected_value is not None else ""),
        ("currency", lambda r: r.currency),
        ("created_at", lambda r: iso(r.created_at)),
    ),
    export_related=("stage", "owner", "source"),
)


@require_GET
@member_view
def lead_list(request: Request, actor: Actor) -> HttpResponse:
    f = LeadFilter.from_query(request.GET)
    context = {
        "heading": _("Leads"),
        "choices": filter_choices(actor),
        "stages": Stage.objects.filter(workspace=actor.workspace, pipeline__kind=PipelineKind.LEAD).select_related(
            "pipeline"
        ),
        "reasons": CloseReason.objects.filter(workspace=actor.workspace, kind=ReasonKind.JUNK, active=True),
    }
    qs = leads_filtered(actor, f).select_related("stage", "owner", "source")
    return render_list(request, actor, SPEC, f, qs, context)


@require_POST
@member_view
def bulk(request: Request, actor: Actor) -> HttpResponseBase:
    """Apply one action to the selected leads, each through its service; report what was done and refused."""
    return run_bulk(request, actor, SPEC)
