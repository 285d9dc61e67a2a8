"""My day: what needs me now — overdue and today's follow-ups, new leads assigned to me, leads gone quiet."""

from datetime import datetime, time, timedelta

from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from funil.accounts.access import Actor, load, owned
from funil.activities.models import Activity
from funil.activities.services import followup_reschedule
from funil.core.errors import DomainError
from funil.leads.models import Lead, LeadStatus

from ..doors import Request, error_text, member_view, safe_next

QUIET_DAYS = 7


@require_GET
@member_view
def my_day(request: Request, actor: Actor) -> HttpResponse:
    now = timezone.now()
    end_of_day = timezone.make_aware(datetime.combine(timezone.localdate(), time.max))
    try:
        quiet_days = max(1, min(int(request.GET.get("quiet", QUIET_DAYS)), 365))
    except ValueError:
        quiet_days = QUIET_DAYS
    followups = (
        owned(actor, Activity, "assignee")
        .filter(due_at__lte=end_of_day, done_at__isnull=True)
        .select_related("lead", "deal", "contact", "company")
        .order_by("due_at")[:100]
    )
    mine = owned(actor, Lead, "owner").filter(status=LeadStatus.OPEN)
    recent = Activity.objects.filter(lead=OuterRef("pk"), created_at__gte=now - timedelta(days=quiet_days))
    context = {
        "actor": actor,
        "nav": "my_day",
        "now": now,
        "quiet_days": quiet_days,
        "overdue": [f for f in followups if f.due_at and f.due_at < now],
        "today": [f for f in followups if f.due_at and f.due_at >= now],
        "new_leads": list(
            mine.filter(first_contacted_at__isnull=True).select_related("source").order_by("-created_at")[:20]
        ),
        "quiet": list(
            mine.filter(~Exists(recent), created_at__lt=now - timedelta(days=quiet_days)).order_by("created_at")[:20]
        ),
    }
    return render(request, "web/my_day.html", context)


@require_POST
@member_view
def reschedule(request: Request, actor: Actor, activity_id: int) -> HttpResponse:
    activity = load(actor, Activity.objects.select_related("lead", "deal", "contact", "company"), activity_id)
    days = int(request.POST.get("days", "1")) if request.POST.get("days", "1").isdigit() else 1
    base = max(activity.due_at or timezone.now(), timezone.now())
    try:
        followup_reschedule(actor=actor, activity=activity, due_at=base + timedelta(days=days))
    except DomainError as exc:
        messages.error(request, error_text(exc))
    return redirect(safe_next(request, reverse("web:my_day")))
