"""Reminders of follow-ups: an email to the assignee when a follow-up's reminder time has come."""

import logging

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .models import Activity

log = logging.getLogger(__name__)


def followup_reminders_send(*, limit: int = 500) -> int:
    """Send the reminders that are due. Each is claimed and mailed in one transaction: a second worker skips
    it, and a failed send leaves it unclaimed for the next run."""
    now = timezone.now()
    due = list(
        Activity.objects.filter(remind_at__lte=now, reminded_at__isnull=True, done_at__isnull=True)
        .exclude(assignee__isnull=True)
        .select_related("assignee", "lead", "deal")
        .order_by("remind_at")[:limit]
    )
    sent = 0
    for activity in due:
        try:
            with transaction.atomic():
                claimed = Activity.objects.filter(pk=activity.pk, reminded_at__isnull=True).update(reminded_at=now)
                if claimed:
                    _mail(activity)  # inside the claim: a failed send gives the reminder back for the next run
                    sent += claimed
        except OSError:
            log.warning("reminder %s not sent; it will be retried", activity.pk, exc_info=True)
    return sent


def _mail(activity: Activity) -> None:
    record = activity.lead or activity.deal or activity.contact or activity.company
    assert activity.assignee is not None
    send_mail(
        subject=f"Reminder: {activity.subject}",
        message=f"{activity.get_kind_display()} due {activity.due_at:%Y-%m-%d %H:%M} UTC: {activity.subject}\n"
        f"Record: {record}\n",
        from_email=None,
        recipient_list=[activity.assignee.email],
    )
