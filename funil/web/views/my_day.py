"""My day: what needs me now — overdue and today's follow-ups, new leads assigned to me, leads gone quiet."""

from datetime import timedelta

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from funil.accounts.access import Actor, load
from funil.activities.models import Activity
from funil.activities.services import followup_reschedule
from funil.core.errors import DomainError
from funil.leads.selectors import my_day as day_of

from ..doors import Request, error_text, member_view, safe_next

QUIET_DAYS = 7


@require_GET
@member_view
def my_day(request: Request, actor: Actor) -> HttpResponse:
    try:
        quiet_days = max(1, min(int(request.GET.get("quiet", QUIET_DAYS)), 365))
    except ValueError:
        quiet_days = QUIET_DAYS
    day = day_of(actor, quiet_days=quiet_days)
    context = {
        "actor": actor,
        "nav": "my_day",
        "quiet_days": quiet_days,
        "overdue": day.overdue,
        "today": day.today,
        "new_leads": day.new_leads,
        "quiet": day.quiet,
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
