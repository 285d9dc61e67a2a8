from datetime import timedelta

import pytest
from django.utils import timezone

from funil.activities.models import Activity, Direction, Kind
from funil.activities.services import activity_log, followup_complete, followup_schedule
from funil.core.errors import DomainError, Forbidden
from funil.deals.models import Deal
from funil.leads.models import Lead
from funil.testing.factories import make_deal, make_lead


def days(n: float):
    return timezone.now() + timedelta(days=n)


def schedule(actor, target, kind=Kind.CALL, due=None, subject="Call back"):
    return followup_schedule(actor=actor, target=target, kind=kind, subject=subject, due_at=due or days(1))


def test_completing_marks_the_followup_done_and_writes_a_new_timeline_row(ana):
    lead = make_lead(ana)
    call = schedule(ana, lead)
    rows_before = Activity.objects.filter(lead=lead).count()
    done = followup_complete(actor=ana, activity=call, outcome="Will sign on Friday")
    assert done.done_at is not None
    stored = Activity.objects.get(pk=call.pk)
    assert (stored.done_at, stored.subject, stored.body) == (done.done_at, "Call back", "")
    assert Activity.objects.filter(lead=lead).count() == rows_before + 1
    entry = Activity.objects.filter(lead=lead).latest("pk")
    assert (entry.kind, entry.subject, entry.body) == ("call", "Done: Call back", "Will sign on Friday")
    assert entry.payload["followup"] == call.pk
    assert entry.payload["done_at"] == [None, done.done_at.isoformat()]
    assert (entry.actor_id, entry.due_at) == (ana.user.pk, None)


def test_the_next_followup_moves_to_the_next_open_one(ana):
    lead = make_lead(ana)
    tomorrow, in_a_week = days(1), days(7)
    first = schedule(ana, lead, due=tomorrow)
    second = schedule(ana, lead, kind=Kind.TASK, due=in_a_week, subject="Send contract")
    assert Lead.objects.get(pk=lead.pk).next_followup_at == tomorrow
    followup_complete(actor=ana, activity=first)
    assert Lead.objects.get(pk=lead.pk).next_followup_at == in_a_week
    followup_complete(actor=ana, activity=second)
    assert Lead.objects.get(pk=lead.pk).next_followup_at is None


def test_completing_a_later_one_keeps_the_earliest_as_next(ana):
    lead = make_lead(ana)
    tomorrow = days(1)
    schedule(ana, lead, due=tomorrow)
    later = schedule(ana, lead, due=days(5))
    followup_complete(actor=ana, activity=later)
    assert Lead.objects.get(pk=lead.pk).next_followup_at == tomorrow


def test_an_overdue_followup_still_counts_until_done(ana):
    lead = make_lead(ana)
    yesterday = days(-1)
    overdue = schedule(ana, lead, due=yesterday)
    schedule(ana, lead, due=days(2))
    assert Lead.objects.get(pk=lead.pk).next_followup_at == yesterday
    followup_complete(actor=ana, activity=overdue)
    assert Lead.objects.get(pk=lead.pk).next_followup_at > timezone.now()


def test_a_completed_call_is_the_first_contact(ana):
    lead = make_lead(ana)
    followup_complete(actor=ana, activity=schedule(ana, lead))
    first = Lead.objects.get(pk=lead.pk).first_contacted_at
    assert first is not None
    followup_complete(actor=ana, activity=schedule(ana, lead, subject="Second call"))
    assert Lead.objects.get(pk=lead.pk).first_contacted_at == first


def test_a_completed_task_is_not_a_contact(ana):
    lead = make_lead(ana)
    followup_complete(actor=ana, activity=schedule(ana, lead, kind=Kind.TASK, subject="Prepare quote"))
    assert Lead.objects.get(pk=lead.pk).first_contacted_at is None


def test_completing_twice_is_refused_and_writes_nothing_more(ana):
    lead = make_lead(ana)
    call = schedule(ana, lead)
    followup_complete(actor=ana, activity=call)
    done_at = Activity.objects.get(pk=call.pk).done_at
    rows = Activity.objects.filter(lead=lead).count()
    stale_copy = Activity.objects.get(pk=call.pk)
    for attempt in (call, stale_copy):
        with pytest.raises(DomainError) as exc:
            followup_complete(actor=ana, activity=attempt)
        assert exc.value.code == "followup_already_done"
    assert Activity.objects.get(pk=call.pk).done_at == done_at
    assert Activity.objects.filter(lead=lead).count() == rows


def test_a_plain_activity_cannot_be_completed(ana):
    lead = make_lead(ana)
    note = activity_log(actor=ana, target=lead, kind=Kind.CALL, body="Called", direction=Direction.OUT)
    with pytest.raises(DomainError) as exc:
        followup_complete(actor=ana, activity=note)
    assert exc.value.code == "not_a_followup"
    assert Activity.objects.get(pk=note.pk).done_at is None


def test_a_deals_followup_is_completed_the_same_way(ana):
    deal = make_deal(ana)
    meeting = schedule(ana, deal, kind=Kind.MEETING, subject="Negotiation")
    followup_complete(actor=ana, activity=meeting)
    assert Deal.objects.get(pk=deal.pk).next_followup_at is None
    assert Activity.objects.filter(deal=deal, subject="Done: Negotiation").exists()


def test_only_someone_who_may_update_the_record_completes_its_followups(ana, bruno, rita, carla):
    lead = make_lead(ana)
    call = schedule(ana, lead)
    for outsider in (bruno, rita, carla):
        with pytest.raises(Forbidden):
            followup_complete(actor=outsider, activity=call)
    assert Activity.objects.get(pk=call.pk).done_at is None
    assert Lead.objects.get(pk=lead.pk).next_followup_at is not None


def test_the_owner_completes_his_own_followups(ana, bruno):
    lead = make_lead(ana, owner_id=bruno.user.pk)
    call = schedule(ana, lead)
    followup_complete(actor=bruno, activity=call)
    assert Activity.objects.get(pk=call.pk).done_at is not None
