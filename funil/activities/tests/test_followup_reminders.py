from datetime import timedelta

from django.utils import timezone

from funil.activities.models import Activity, Kind
from funil.activities.reminders import followup_reminders_send
from funil.activities.services import followup_complete, followup_schedule
from funil.testing.factories import make_lead


def test_a_due_reminder_is_mailed_to_the_assignee_once(ana, bruno, smtp_server, django_capture_on_commit_callbacks):
    lead = make_lead(ana, owner_id=bruno.user.pk)
    now = timezone.now()
    followup_schedule(
        actor=ana,
        target=lead,
        kind=Kind.CALL,
        subject="Call about the proposal",
        due_at=now + timedelta(minutes=30),
        remind_at=now - timedelta(minutes=1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert followup_reminders_send() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert followup_reminders_send() == 0
    assert len(smtp_server) == 1
    assert smtp_server[0]["To"] == bruno.user.email
    assert "Call about the proposal" in smtp_server[0]["Subject"]


def test_no_reminder_for_a_followup_done_or_not_yet_due(ana, smtp_server, django_capture_on_commit_callbacks):
    lead = make_lead(ana)
    now = timezone.now()
    done = followup_schedule(
        actor=ana,
        target=lead,
        kind=Kind.TASK,
        subject="Send deck",
        due_at=now + timedelta(hours=1),
        remind_at=now - timedelta(minutes=5),
    )
    followup_complete(actor=ana, activity=done)
    followup_schedule(
        actor=ana,
        target=lead,
        kind=Kind.TASK,
        subject="Later",
        due_at=now + timedelta(days=2),
        remind_at=now + timedelta(days=1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert followup_reminders_send() == 0
    assert smtp_server == []
    assert Activity.objects.filter(reminded_at__isnull=False).count() == 0
