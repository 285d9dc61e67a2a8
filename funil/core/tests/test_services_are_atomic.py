"""Every service writes its change and its timeline row in one transaction: if writing the timeline row
fails, the change is not there either."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from funil.activities.models import Activity, Kind
from funil.activities.services import followup_complete, followup_schedule
from funil.deals.models import Deal
from funil.deals.services import deal_assign, deal_mark_lost, deal_mark_won, deal_move, deal_update
from funil.leads.models import Lead
from funil.leads.services import lead_assign, lead_mark_junk, lead_move, lead_update
from funil.pipelines.models import ReasonKind
from funil.testing.factories import deal_stage, lead_stage, make_deal, make_lead, reason


def lead_snapshot(lead):
    fresh = Lead.objects.get(pk=lead.pk)
    return (fresh.version, fresh.stage_id, fresh.status, fresh.owner_id, fresh.city, fresh.next_followup_at)


def deal_snapshot(deal):
    fresh = Deal.objects.get(pk=deal.pk)
    return (fresh.version, fresh.stage_id, fresh.status, fresh.owner_id, fresh.amount)


LEAD_WRITES = {
    "lead_update": lambda a, b, lead: lead_update(actor=a, lead=lead, expected_version=1, changes={"city": "Natal"}),
    "lead_move": lambda a, b, lead: lead_move(actor=a, lead=lead, stage=lead_stage(a, "Contacted")),
    "lead_assign": lambda a, b, lead: lead_assign(actor=a, lead=lead, owner_id=b.user.pk),
    "lead_mark_junk": lambda a, b, lead: lead_mark_junk(actor=a, lead=lead, reason=reason(a)),
    "followup_schedule": lambda a, b, lead: followup_schedule(
        actor=a, target=lead, kind=Kind.CALL, subject="Call", due_at=timezone.now() + timedelta(days=1)
    ),
}
DEAL_WRITES = {
    "deal_update": lambda a, b, deal: deal_update(actor=a, deal=deal, expected_version=1, changes={"amount": "9"}),
    "deal_move": lambda a, b, deal: deal_move(actor=a, deal=deal, stage=deal_stage(a, "Proposal")),
    "deal_assign": lambda a, b, deal: deal_assign(actor=a, deal=deal, owner_id=b.user.pk),
    "deal_mark_won": lambda a, b, deal: deal_mark_won(actor=a, deal=deal),
    "deal_mark_lost": lambda a, b, deal: deal_mark_lost(actor=a, deal=deal, reason=reason(a, ReasonKind.LOST)),
}


def failing_timeline():
    return mock.patch("funil.activities.timeline.Activity.save", side_effect=RuntimeError("timeline unavailable"))


@pytest.mark.parametrize("write", LEAD_WRITES.values(), ids=LEAD_WRITES.keys())
def test_a_lead_write_whose_timeline_row_fails_leaves_nothing(ana, bruno, write):
    lead = make_lead(ana, city="Recife")
    before, rows = lead_snapshot(lead), Activity.objects.filter(lead=lead).count()
    with failing_timeline(), pytest.raises(RuntimeError):
        write(ana, bruno, lead)
    assert lead_snapshot(lead) == before
    assert Activity.objects.filter(lead=lead).count() == rows


@pytest.mark.parametrize("write", DEAL_WRITES.values(), ids=DEAL_WRITES.keys())
def test_a_deal_write_whose_timeline_row_fails_leaves_nothing(ana, bruno, write):
    deal = make_deal(ana, amount="1000")
    before, rows = deal_snapshot(deal), Activity.objects.filter(deal=deal).count()
    with failing_timeline(), pytest.raises(RuntimeError):
        write(ana, bruno, deal)
    assert deal_snapshot(deal) == before
    assert Activity.objects.filter(deal=deal).count() == rows


def test_completing_a_followup_whose_timeline_row_fails_leaves_it_open(ana):
    lead = make_lead(ana)
    followup = followup_schedule(
        actor=ana, target=lead, kind=Kind.CALL, subject="Call", due_at=timezone.now() + timedelta(hours=2)
    )
    with failing_timeline(), pytest.raises(RuntimeError):
        followup_complete(actor=ana, activity=followup)
    assert Activity.objects.get(pk=followup.pk).done_at is None
    assert Lead.objects.get(pk=lead.pk).first_contacted_at is None
