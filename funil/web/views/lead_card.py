"""The lead card: fields edited inline, the timeline, the composer, follow-ups and the lead's actions."""

from typing import Any

from django.contrib import messages
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.timezone import get_current_timezone, make_aware
from django.views.decorators.http import require_GET, require_POST

from funil.accounts.access import Actor, can, load
from funil.accounts.models import Membership
from funil.activities.attachments import attachment_add
from funil.activities.models import LOGGABLE_KINDS, Activity, Attachment, Kind
from funil.activities.selectors import KIND_GROUPS, open_followups, timeline_page
from funil.activities.services import activity_log, followup_complete, followup_schedule, target_of
from funil.core.errors import DomainError
from funil.leads.models import Lead
from funil.leads.services import lead_assign, lead_mark_junk, lead_update
from funil.pipelines.models import CloseReason, ReasonKind, Stage

from ..doors import Request, error_text, field_errors, member_view, navigate, page, safe_next
from ..lead_fields import change_from_post, choices_for, current_value, display_value, groups, spec_for

CHANGED = {"HX-Trigger": "lead-changed"}


def _lead(actor: Actor, lead_id: int, action: str = "read") -> Lead:
    qs = Lead.objects.select_related(
        "stage", "pipeline", "owner", "source", "campaign", "junk_reason", "contact", "company"
    ).prefetch_related("products")
    return load(actor, qs, lead_id, action)


def _card_context(actor: Actor, lead: Lead, request: Request) -> dict[str, Any]:
    fields = [(title, [(spec, display_value(lead, spec)) for spec in specs]) for title, specs in groups(actor)]
    return {
        "actor": actor,
        "lead": lead,
        "nav": "leads",
        "groups": fields,
        "stages": list(Stage.objects.filter(pipeline_id=lead.pipeline_id)),
        "reasons": list(CloseReason.objects.filter(workspace=actor.workspace, kind=ReasonKind.JUNK, active=True)),
        "members": list(Membership.objects.filter(workspace=actor.workspace, is_active=True).select_related("user")),
        "can_edit": lead.status == "open" and can(actor, "lead", "update", lead),
        "can_assign": lead.status != "converted" and can(actor, "lead", "assign", lead),
        "followups": open_followups(actor, Q(lead=lead)),
        "timeline": timeline_page(actor, Q(lead=lead), group=request.GET.get("kind", "")),
        "kind_groups": KIND_GROUPS,
        "kind": request.GET.get("kind", ""),
        "loggable": _loggable(),
        "deals": list(lead.deals.all()),
    }


@require_GET
@member_view
def card(request: Request, actor: Actor, lead_id: int) -> HttpResponse:
    lead = _lead(actor, lead_id)
    part = request.GET.get("part")
    template = {"header": "web/leads/_card_header.html", "followups": "web/leads/_followups.html"}.get(
        part or "", "web/leads/card.html"
    )
    return render(request, template, _card_context(actor, lead, request))


@require_GET
@member_view
def timeline(request: Request, actor: Actor, lead_id: int) -> HttpResponse:
    lead = _lead(actor, lead_id)
    kind = request.GET.get("kind", "")
    page = timeline_page(actor, Q(lead=lead), group=kind, cursor=request.GET.get("cursor", ""))
    template = "web/leads/_timeline_rows.html" if request.GET.get("cursor") else "web/leads/_timeline.html"
    return render(request, template, {"lead": lead, "timeline": page, "kind": kind, "kind_groups": KIND_GROUPS})


@member_view
def field(request: Request, actor: Actor, lead_id: int, name: str) -> HttpResponse:
    """GET: the inline form of one field; POST: save it through lead_update and show the value again."""
    lead = _lead(actor, lead_id)
    spec = spec_for(actor, name)
    if spec is None:
        raise Http404
    context: dict[str, Any] = {"lead": lead, "spec": spec, "choices": choices_for(actor, spec)}
    if request.method == "POST":
        try:
            lead = lead_update(
                actor=actor,
                lead=lead,
                expected_version=int(request.POST.get("version", "0") or 0),
                changes=change_from_post(spec, request.POST),
            )
        except DomainError as exc:
            context.update(
                value=request.POST.get("value", ""),
                error=error_text(exc),
                errors=field_errors(exc),
                version=lead.version if exc.code != "stale_version" else Lead.objects.get(pk=lead.pk).version,
            )
            return render(request, "web/leads/_field_form.html", context, status=422 if request.htmx else 200)
        lead = _lead(actor, lead.pk)
        context.update(lead=lead, display=display_value(lead, spec))
        return page(request, "web/leads/_field.html", context, headers=CHANGED)
    if request.GET.get("cancel"):
        return render(request, "web/leads/_field.html", {**context, "display": display_value(lead, spec)})
    context.update(value=current_value(lead, spec), version=lead.version)
    return render(request, "web/leads/_field_form.html", context)


def _back(request: Request, lead: Lead, *, changed: bool = True) -> HttpResponse:
    if request.htmx:
        return HttpResponse(status=204, headers=CHANGED if changed else {})
    return redirect(reverse("web:lead_card", args=[lead.pk]))


def _refused(request: Request, lead: Lead, exc: DomainError) -> HttpResponse:
    messages.error(request, error_text(exc))
    return navigate(request, reverse("web:lead_card", args=[lead.pk]))


@require_POST
@member_view
def log_activity(request: Request, actor: Actor, lead_id: int) -> HttpResponse:
    lead = _lead(actor, lead_id)
    try:
        upload = request.FILES.get("file")
        if upload is not None:
            attachment_add(actor=actor, target=lead, upload=upload, note=request.POST.get("body", ""))
        else:
            activity_log(
                actor=actor,
                target=lead,
                kind=request.POST.get("kind", ""),
                subject=request.POST.get("subject", ""),
                body=request.POST.get("body", ""),
                direction=request.POST.get("direction", ""),
                channel=request.POST.get("channel", ""),
            )
    except DomainError as exc:
        return _composer(request, actor, lead, "web/leads/_composer_log.html", log_error=error_text(exc))
    return _composer(request, actor, lead, "web/leads/_composer_log.html")


def _composer(request: Request, actor: Actor, lead: Lead, template: str, **error: str) -> HttpResponse:
    """htmx: the composer again (emptied after a success, kept with its error otherwise); else back to the card."""
    if not request.htmx:
        if error:
            messages.error(request, next(iter(error.values())))
        return redirect(reverse("web:lead_card", args=[lead.pk]))
    context = {"lead": lead, "loggable": _loggable(), "form": request.POST if error else {}, **error}
    return page(request, template, context, headers={} if error else CHANGED)


def _loggable() -> list[Kind]:
    return [k for k in Kind if k in LOGGABLE_KINDS and k not in (Kind.MEETING, Kind.TASK)]


def _when(raw: str) -> Any:
    value = parse_datetime(raw) if raw else None
    if value is not None and value.tzinfo is None:
        value = make_aware(value, get_current_timezone())
    return value


@require_POST
@member_view
def schedule(request: Request, actor: Actor, lead_id: int) -> HttpResponse:
    lead = _lead(actor, lead_id)
    try:
        followup_schedule(
            actor=actor,
            target=lead,
            kind=request.POST.get("kind", ""),
            subject=request.POST.get("subject", ""),
            due_at=_when(request.POST.get("due_at", "")),
            remind_at=_when(request.POST.get("remind_at", "")),
            assignee_id=int(request.POST["assignee"]) if request.POST.get("assignee", "").isdigit() else None,
        )
    except DomainError as exc:
        return _composer(request, actor, lead, "web/leads/_composer_schedule.html", schedule_error=error_text(exc))
    return _composer(request, actor, lead, "web/leads/_composer_schedule.html")


@require_POST
@member_view
def followup_done(request: Request, actor: Actor, activity_id: int) -> HttpResponse:
    activity = load(actor, Activity.objects.select_related("lead", "deal", "contact", "company"), activity_id)
    try:
        followup_complete(actor=actor, activity=activity, outcome=request.POST.get("outcome", ""))
    except DomainError as exc:
        messages.error(request, error_text(exc))
    back = safe_next(request, _record_url(target_of(activity)))
    if request.htmx:
        return HttpResponse(status=204, headers=CHANGED)
    return redirect(back)


def _record_url(record: Any) -> str:
    name = record._meta.model_name
    return reverse(f"web:{name}_card", args=[record.pk]) if name == "lead" else reverse("web:home")


@require_POST
@member_view
def junk(request: Request, actor: Actor, lead_id: int) -> HttpResponse:
    lead = _lead(actor, lead_id)
    try:
        lead_mark_junk(
            actor=actor,
            lead=lead,
            reason=request.POST.get("reason") or None,
            note=request.POST.get("note", ""),
            expected_version=_version(request),
        )
    except DomainError as exc:
        return _refused(request, lead, exc)
    return _back(request, lead)


@require_POST
@member_view
def assign(request: Request, actor: Actor, lead_id: int) -> HttpResponse:
    lead = _lead(actor, lead_id)
    owner = request.POST.get("owner", "")
    try:
        lead_assign(
            actor=actor,
            lead=lead,
            owner_id=int(owner) if owner.isdigit() else None,
            expected_version=_version(request),
            reason=request.POST.get("reason", ""),
        )
    except DomainError as exc:
        return _refused(request, lead, exc)
    return _back(request, lead)


def _version(request: Request) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() else None


@require_GET
@member_view
def attachment(request: Request, actor: Actor, attachment_id: int) -> FileResponse:
    """Files are served only to those who may see the timeline row they belong to."""
    item = Attachment.objects.filter(workspace=actor.workspace, pk=attachment_id).first()
    if item is None:
        raise Http404
    load(actor, Activity, item.activity_id)
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name, content_type=item.content_type)
