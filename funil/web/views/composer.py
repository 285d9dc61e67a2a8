"""What every record's card shares below its fields: the timeline, the composer (log an activity, attach a file,
schedule a follow-up) and the open follow-ups with done and reschedule. One set of views for leads, deals,
contacts and companies; the route says which kind (see record_kinds.KINDS)."""

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.timezone import get_current_timezone, make_aware
from django.views.decorators.http import require_GET, require_POST

from funil.accounts.access import Actor, load
from funil.activities.attachments import attachment_add
from funil.activities.models import LOGGABLE_KINDS, Activity, Attachment, Kind
from funil.activities.selectors import KIND_GROUPS, open_followups, timeline_page, timeline_records
from funil.activities.services import (
    activity_log,
    followup_complete,
    followup_reschedule,
    followup_schedule,
    target_of,
)
from funil.core.errors import DomainError, Forbidden, NotFound

from ..doors import Request, error_text, member_view, page, safe_next
from .record_kinds import KINDS, RecordKind, kind_of


def activity_context(actor: Actor, kind: RecordKind, record: Any, request: Request) -> dict[str, Any]:
    """The card's lower half: follow-ups, the first timeline page (filtered by ?kind=) and the composer."""
    group = request.GET.get("kind", "")
    return {
        "rk": kind,
        "record": record,
        "followups": open_followups(actor, Q(**{kind.name: record})),
        "timeline": timeline_page(actor, timeline_records(record), group=group),
        "kind_groups": KIND_GROUPS,
        "kind": group,
        "loggable": loggable(),
    }


def loggable() -> list[Kind]:
    return [k for k in Kind if k in LOGGABLE_KINDS and k not in (Kind.MEETING, Kind.TASK)]


def card_part(request: Request, parts: dict[str, str], default: str) -> str:
    """The template of `?part=` (a card's header or follow-ups, refreshed after a change), else the page."""
    return parts.get(request.GET.get("part") or "", default)


@require_GET
@member_view
def timeline(request: Request, actor: Actor, kind: str, record_id: int) -> HttpResponse:
    rk = KINDS[kind]
    record = rk.load(actor, record_id)
    group = request.GET.get("kind", "")
    cursor = request.GET.get("cursor", "")
    context = {
        "rk": rk,
        "record": record,
        "timeline": timeline_page(actor, timeline_records(record), group=group, cursor=cursor),
        "kind": group,
        "kind_groups": KIND_GROUPS,
    }
    template = "web/records/_timeline_rows.html" if cursor else "web/records/_timeline.html"
    return render(request, template, context)


@require_POST
@member_view
def log_activity(request: Request, actor: Actor, kind: str, record_id: int) -> HttpResponse:
    rk = KINDS[kind]
    record = rk.load(actor, record_id)
    try:
        upload = request.FILES.get("file")
        if upload is not None:
            attachment_add(actor=actor, target=record, upload=upload, note=request.POST.get("body", ""))
        else:
            activity_log(
                actor=actor,
                target=record,
                kind=request.POST.get("kind", ""),
                subject=request.POST.get("subject", ""),
                body=request.POST.get("body", ""),
                direction=request.POST.get("direction", ""),
                channel=request.POST.get("channel", ""),
            )
    except (Forbidden, NotFound):
        raise
    except DomainError as exc:
        return _composer(request, rk, record, "web/records/_composer_log.html", log_error=error_text(exc))
    return _composer(request, rk, record, "web/records/_composer_log.html")


@require_POST
@member_view
def schedule(request: Request, actor: Actor, kind: str, record_id: int) -> HttpResponse:
    rk = KINDS[kind]
    record = rk.load(actor, record_id)
    try:
        followup_schedule(
            actor=actor,
            target=record,
            kind=request.POST.get("kind", ""),
            subject=request.POST.get("subject", ""),
            due_at=_when(request.POST.get("due_at", "")),
            remind_at=_when(request.POST.get("remind_at", "")),
            assignee_id=int(request.POST["assignee"]) if request.POST.get("assignee", "").isdigit() else None,
        )
    except (Forbidden, NotFound):
        raise
    except DomainError as exc:
        template = "web/records/_composer_schedule.html"
        return _composer(request, rk, record, template, schedule_error=error_text(exc))
    return _composer(request, rk, record, "web/records/_composer_schedule.html")


def _composer(request: Request, rk: RecordKind, record: Any, template: str, **error: str) -> HttpResponse:
    """htmx: the composer again (emptied after a success, kept with its error otherwise); else back to the card."""
    if not request.htmx:
        if error:
            messages.error(request, next(iter(error.values())))
        return redirect(reverse(rk.card_url, args=[record.pk]))
    context = {"rk": rk, "record": record, "loggable": loggable(), "form": request.POST if error else {}, **error}
    return page(request, template, context, headers={} if error else {"HX-Trigger": rk.event})


def _when(raw: str) -> Any:
    value = parse_datetime(raw) if raw else None
    if value is not None and value.tzinfo is None:
        value = make_aware(value, get_current_timezone())
    return value


def _followup(actor: Actor, activity_id: int) -> Activity:
    return load(actor, Activity.objects.select_related("lead", "deal", "contact", "company"), activity_id)


@require_POST
@member_view
def followup_done(request: Request, actor: Actor, activity_id: int) -> HttpResponse:
    activity = _followup(actor, activity_id)
    try:
        followup_complete(actor=actor, activity=activity, outcome=request.POST.get("outcome", ""))
    except DomainError as exc:
        messages.error(request, error_text(exc))
    return _back_to_record(request, activity)


@require_POST
@member_view
def followup_move(request: Request, actor: Actor, activity_id: int) -> HttpResponse:
    """Reschedule from a card: to the time given, or `days` later (from its due time, or now if that passed)."""
    activity = _followup(actor, activity_id)
    due_at = _when(request.POST.get("due_at", ""))
    if due_at is None:
        raw = request.POST.get("days", "1")
        days = min(int(raw), 365) if raw.isdigit() else 1
        due_at = max(activity.due_at or timezone.now(), timezone.now()) + timedelta(days=days)
    try:
        followup_reschedule(actor=actor, activity=activity, due_at=due_at)
    except DomainError as exc:
        messages.error(request, error_text(exc))
    return _back_to_record(request, activity)


def _back_to_record(request: Request, activity: Activity) -> HttpResponse:
    record = target_of(activity)
    rk = kind_of(record)
    if request.htmx:
        return HttpResponse(status=204, headers={"HX-Trigger": rk.event})
    return redirect(safe_next(request, reverse(rk.card_url, args=[record.pk])))


@require_GET
@member_view
def attachment(request: Request, actor: Actor, attachment_id: int) -> FileResponse:
    """Files are served only to those who may see the timeline row they belong to."""
    item = Attachment.objects.filter(workspace=actor.workspace, pk=attachment_id).first()
    if item is None:
        raise Http404
    load(actor, Activity, item.activity_id)
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name, content_type=item.content_type)
