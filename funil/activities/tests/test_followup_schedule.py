from datetime import timedelta

import pytest
from django.utils import timezone

from funil.activities.models import Activity, Kind
from funil.activities.services import followup_schedule
from funil.core.errors import Forbidden, ValidationFailed
from funil.deals.models import Deal
from funil.leads.models import Lead
from funil.testing.factories import make_deal, make_lead


def days(n: float):
    return timezone.now() + timedelta(days=n)


def test_a_followup_is_a_timeline_row_with_a_due_date(ana):
    lead = make_lead(ana)
    due = days(2)
    call = followup_schedule(
        actor=ana, target=lead, kind=Kind.CALL, subject=" Call back ", due_at=due, remind_at=due - timedelta(hours=1)
    )
    stored = Activity.objects.get(pk=call.pk)
    assert (stored.lead_id, stored.kind, stored.subject) == (lead.pk, "call", "Call back")
    assert (stored.due_at, stored.remind_at, stored.done_at) == (due, due - timedelta(hours=1), None)
    assert stored.is_followup


def test_the_leads_next_followup_is_the_earliest_open_one(ana):
    lead = make_lead(ana)
    in_a_week, tomorrow = days(7), days(1)
    followup_schedule(actor=ana, target=lead, kind=Kind.TASK, subject="Send contract", due_at=in_a_week)
    assert Lead.objects.get(pk=lead.pk).next_followup_at == in_a_week
    followup_schedule(actor=ana, target=lead, kind=Kind.CALL, subject="Call back", due_at=tomorrow)
    assert Lead.objects.get(pk=lead.pk).next_followup_at == tomorrow
    followup_schedule(actor=ana, target=lead, kind=Kind.MEETING, subject="Demo", due_at=days(3))
    assert Lead.objects.get(pk=lead.pk).next_followup_at == tomorrow


def test_scheduling_updates_the_in_memory_record_without_a_version_bump(ana):
    lead = make_lead(ana)
    due = days(1)
    followup_schedule(actor=ana, target=lead, kind=Kind.CALL, subject="Call back", due_at=due)
    assert lead.next_followup_at == due
    assert Lead.objects.get(pk=lead.pk).version == 1


def test_deals_follow_their_next_followup_too(ana):
    deal = make_deal(ana)
    due = days(4)
    followup_schedule(actor=ana, target=deal, kind=Kind.MEETING, subject="Negotiation", due_at=due)
    assert Deal.objects.get(pk=deal.pk).next_followup_at == due


def test_the_assignee_defaults_to_the_records_owner(ana, bruno):
    lead = make_lead(ana, owner_id=bruno.user.pk)
    task = followup_schedule(actor=ana, target=lead, kind=Kind.TASK, subject="Send prices", due_at=days(1))
    assert task.assignee_id == bruno.user.pk
    unowned = make_lead(ana)
    Lead.objects.filter(pk=unowned.pk).update(owner=None, team=None)
    unowned.refresh_from_db()
    task = followup_schedule(actor=ana, target=unowned, kind=Kind.TASK, subject="Triage", due_at=days(1))
    assert task.assignee_id == ana.user.pk


def test_a_followup_may_be_given_to_another_member_but_not_to_an_outsider(ana, bruno, carla):
    lead = make_lead(ana)
    call = followup_schedule(
        actor=ana, target=lead, kind=Kind.CALL, subject="Call", due_at=days(1), assignee_id=bruno.user.pk
    )
    assert call.assignee_id == bruno.user.pk
    with pytest.raises(ValidationFailed) as exc:
        followup_schedule(
            actor=ana, target=lead, kind=Kind.CALL, subject="Call", due_at=days(1), assignee_id=carla.user.pk
        )
    assert (exc.value.field, exc.value.code) == ("assignee", "followup_assignee_not_member")


def test_only_calls_meetings_and_tasks_are_followups(ana):
    lead = make_lead(ana)
    for kind in (Kind.NOTE, Kind.EMAIL, Kind.STAGE_CHANGE):
        with pytest.raises(ValidationFailed) as exc:
            followup_schedule(actor=ana, target=lead, kind=kind, subject="x", due_at=days(1))
        assert exc.value.code == "activity_kind_invalid"


def test_a_followup_needs_a_due_date(ana):
    with pytest.raises(ValidationFailed) as exc:
        followup_schedule(actor=ana, target=make_lead(ana), kind=Kind.CALL, subject="Call", due_at=None)
    assert (exc.value.field, exc.value.code) == ("due_at", "followup_due_required")


def test_a_reminder_after_the_due_date_is_refused(ana):
    lead = make_lead(ana)
    due = days(1)
    with pytest.raises(ValidationFailed) as exc:
        followup_schedule(
            actor=ana, target=lead, kind=Kind.CALL, subject="Call", due_at=due, remind_at=due + timedelta(minutes=1)
        )
    assert (exc.value.field, exc.value.code) == ("remind_at", "followup_remind_after_due")
    assert not Activity.objects.filter(lead=lead, due_at__isnull=False).exists()
    assert Lead.objects.get(pk=lead.pk).next_followup_at is None


def test_a_reminder_at_the_due_time_is_fine(ana):
    due = days(1)
    call = followup_schedule(
        actor=ana, target=make_lead(ana), kind=Kind.CALL, subject="Call", due_at=due, remind_at=due
    )
    assert call.remind_at == due


def test_a_followup_says_what_it_is(ana):
    with pytest.raises(ValidationFailed) as exc:
        followup_schedule(actor=ana, target=make_lead(ana), kind=Kind.TASK, subject="   ", due_at=days(1))
    assert (exc.value.field, exc.value.code) == ("subject", "activity_empty")


def test_scheduling_needs_the_right_to_update_the_record(ana, bruno, rita, carla):
    lead = make_lead(ana)
    for outsider in (bruno, rita, carla):
        with pytest.raises(Forbidden):
            followup_schedule(actor=outsider, target=lead, kind=Kind.CALL, subject="Call", due_at=days(1))
    assert not Activity.objects.filter(lead=lead, due_at__isnull=False).exists()
    assert Lead.objects.get(pk=lead.pk).next_followup_at is None
