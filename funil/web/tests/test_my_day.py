from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from funil.activities.models import Activity, Kind
from funil.activities.services import followup_schedule
from funil.testing.factories import make_lead


def test_my_day_lists_my_overdue_and_todays_followups_and_new_leads(client, ana, bruno):
    mine = make_lead(ana, first_name="Mine", owner_id=bruno.user.pk)
    other = make_lead(ana, first_name="Other")
    now = timezone.now()
    followup_schedule(actor=ana, target=mine, kind=Kind.CALL, subject="Late call", due_at=now - timedelta(hours=2))
    followup_schedule(actor=ana, target=other, kind=Kind.CALL, subject="Not mine", due_at=now - timedelta(hours=2))
    client.force_login(bruno.user)
    response = client.get(reverse("web:my_day"))
    assert [f.subject for f in response.context["overdue"]] == ["Late call"]
    assert [lead.first_name for lead in response.context["new_leads"]] == ["Mine"]


def test_done_and_tomorrow_in_one_click(client, ana):
    lead = make_lead(ana)
    now = timezone.now()
    late = followup_schedule(
        actor=ana, target=lead, kind=Kind.TASK, subject="Send deck", due_at=now - timedelta(hours=1)
    )
    client.force_login(ana.user)
    client.post(reverse("web:followup_reschedule", args=[late.pk]), {"days": "1"})
    moved = Activity.objects.get(pk=late.pk)
    assert moved.due_at > now + timedelta(hours=23)
    assert Activity.objects.filter(lead=lead, subject__startswith="Rescheduled").exists()
    client.post(reverse("web:followup_done", args=[late.pk]), {"next": reverse("web:my_day")})
    assert Activity.objects.get(pk=late.pk).done_at is not None


def test_a_due_reminder_shows_as_a_badge(client, ana):
    lead = make_lead(ana)
    now = timezone.now()
    followup_schedule(
        actor=ana,
        target=lead,
        kind=Kind.CALL,
        subject="Call",
        due_at=now + timedelta(hours=1),
        remind_at=now - timedelta(minutes=1),
    )
    client.force_login(ana.user)
    response = client.get(reverse("web:home"))
    assert response.context["reminders_due"] == 1
    assert 'class="badge-count"' in response.content.decode()


def test_carla_cannot_reschedule_acmes_followups(client, ana, carla):
    lead = make_lead(ana)
    f = followup_schedule(actor=ana, target=lead, kind=Kind.CALL, subject="x", due_at=timezone.now())
    client.force_login(carla.user)
    assert client.post(reverse("web:followup_reschedule", args=[f.pk])).status_code == 404
