from decimal import Decimal

import pytest

from funil.activities.models import Activity, Kind
from funil.core.errors import Conflict, Forbidden, ValidationFailed
from funil.deals.models import Deal, DealStatus
from funil.deals.services import deal_mark_lost, deal_mark_won, deal_move
from funil.pipelines.models import CloseReason, Meaning, Pipeline, PipelineKind, ReasonKind, Stage
from funil.testing.factories import deal_stage, lead_stage, make_deal, reason


def lost_reason(actor) -> CloseReason:
    return reason(actor, ReasonKind.LOST)


def second_deal_pipeline(actor) -> Pipeline:
    pipeline = Pipeline.objects.create(workspace=actor.workspace, kind=PipelineKind.DEAL, name="Partners")
    for i, (name, meaning) in enumerate([("Talks", Meaning.OPEN), ("Signed", Meaning.WON)]):
        Stage.objects.create(workspace=actor.workspace, pipeline=pipeline, name=name, meaning=meaning, position=i)
    return pipeline


def test_moving_logs_the_stage_change_and_takes_the_stages_probability(ana):
    deal = make_deal(ana)
    deal = deal_move(actor=ana, deal=deal, stage=deal_stage(ana, "Proposal"), expected_version=1)
    assert (deal.stage.name, deal.status, deal.probability, deal.version) == (
        "Proposal",
        DealStatus.OPEN,
        50,
        2,
    )
    entry = Activity.objects.get(deal=deal, kind=Kind.STAGE_CHANGE)
    assert entry.actor_id == ana.user.pk
    assert entry.payload["stage_name"] == ["Qualification", "Proposal"]
    assert entry.payload["status"] == ["open", "open"]
    assert entry.payload["version"] == 2


def test_moving_to_the_stage_it_is_in_writes_nothing(ana):
    deal = make_deal(ana)
    deal = deal_move(actor=ana, deal=deal, stage=deal_stage(ana, "Qualification"), expected_version=1)
    assert deal.version == 1
    assert not Activity.objects.filter(deal=deal, kind=Kind.STAGE_CHANGE).exists()


# Won
def test_won_with_an_amount_closes_the_deal_and_records_the_amount(ana):
    deal = make_deal(ana, amount="0")
    deal = deal_move(actor=ana, deal=deal, stage=deal_stage(ana, "Won"), won_amount="4200", expected_version=1)
    assert (deal.status, deal.probability, deal.amount) == (DealStatus.WON, 100, Decimal("4200.00"))
    assert deal.closed_at is not None
    stored = Deal.objects.get(pk=deal.pk)
    assert (stored.status, stored.amount) == (DealStatus.WON, Decimal("4200.00"))
    entry = Activity.objects.get(deal=deal, kind=Kind.STAGE_CHANGE)
    assert entry.payload["status"] == ["open", "won"]
    assert entry.payload["amount"] == ["0.00", "4200.00"]


def test_won_keeps_the_deals_own_amount_when_none_is_given(ana):
    deal = make_deal(ana, amount="1000")
    deal = deal_mark_won(actor=ana, deal=deal, expected_version=1)
    assert (deal.status, deal.amount, deal.stage.name) == (DealStatus.WON, Decimal("1000.00"), "Won")


def test_won_needs_an_amount_above_zero(ana):
    deal = make_deal(ana, amount="0")
    for amount in (None, "", "0", "0.00"):
        with pytest.raises(ValidationFailed) as exc:
            deal_mark_won(actor=ana, deal=deal, amount=amount, expected_version=1)
        assert exc.value.code == "won_amount_required"
        assert exc.value.field == "won_amount"
    stored = Deal.objects.get(pk=deal.pk)
    assert (stored.status, stored.stage.name, stored.version) == (DealStatus.OPEN, "Qualification", 1)
    assert not Activity.objects.filter(deal=deal, kind=Kind.STAGE_CHANGE).exists()


def test_an_explicit_zero_is_refused_even_when_the_deal_has_an_amount(ana):
    deal = make_deal(ana, amount="1000")
    with pytest.raises(ValidationFailed) as exc:
        deal_mark_won(actor=ana, deal=deal, amount="0", expected_version=1)
    assert exc.value.code == "won_amount_required"


def test_a_won_amount_that_is_not_an_amount_is_refused(ana):
    deal = make_deal(ana, amount="1000")
    for amount in ("lots", "-10"):
        with pytest.raises(ValidationFailed) as exc:
            deal_mark_won(actor=ana, deal=deal, amount=amount, expected_version=1)
        assert (exc.value.field, exc.value.code) == ("won_amount", "amount_invalid")
    assert Deal.objects.get(pk=deal.pk).status == DealStatus.OPEN


# Lost
def test_lost_needs_a_reason(ana):
    deal = make_deal(ana)
    for empty in (None, ""):
        with pytest.raises(ValidationFailed) as exc:
            deal_move(actor=ana, deal=deal, stage=deal_stage(ana, "Lost"), lost_reason=empty, expected_version=1)
        assert (exc.value.field, exc.value.code) == ("lost_reason", "lost_reason_required")
    assert Deal.objects.get(pk=deal.pk).status == DealStatus.OPEN


def test_the_lost_reason_must_be_an_active_lost_reason_of_this_workspace(ana, carla):
    retired = CloseReason.objects.create(workspace=ana.workspace, kind=ReasonKind.LOST, name="Old", active=False)
    deal = make_deal(ana)
    for wrong in (reason(ana, ReasonKind.JUNK), lost_reason(carla), lost_reason(carla).pk, retired, 999_999):
        with pytest.raises(ValidationFailed) as exc:
            deal_mark_lost(actor=ana, deal=deal, reason=wrong, expected_version=1)
        assert exc.value.code == "lost_reason_invalid"
    stored = Deal.objects.get(pk=deal.pk)
    assert (stored.status, stored.lost_reason, stored.version) == (DealStatus.OPEN, None, 1)


def test_lost_closes_the_deal_with_its_reason_and_note_on_the_timeline(ana):
    why = lost_reason(ana)
    deal = deal_mark_lost(
        actor=ana, deal=make_deal(ana), reason=why.pk, note="Went with a spreadsheet", expected_version=1
    )
    assert (deal.status, deal.stage.name, deal.lost_reason, deal.probability) == (
        DealStatus.LOST,
        "Lost",
        why,
        0,
    )
    assert deal.lost_note == "Went with a spreadsheet"
    assert deal.closed_at is not None
    entry = Activity.objects.get(deal=deal, kind=Kind.STAGE_CHANGE)
    assert entry.payload["lost_reason"] == why.name
    assert entry.payload["status"] == ["open", "lost"]
    assert entry.body == "Went with a spreadsheet"


# Where a deal may go
def test_a_stage_of_another_pipeline_is_refused(ana):
    other = Stage.objects.get(pipeline=second_deal_pipeline(ana), name="Talks")
    deal = make_deal(ana)
    for stage in (other, lead_stage(ana, "Contacted")):
        with pytest.raises(ValidationFailed) as exc:
            deal_move(actor=ana, deal=deal, stage=stage, expected_version=1)
        assert (exc.value.field, exc.value.code) == ("stage", "stage_not_in_pipeline")
    assert Deal.objects.get(pk=deal.pk).stage.name == "Qualification"


def test_a_stage_of_another_workspace_is_refused(ana, carla):
    deal = make_deal(ana)
    with pytest.raises(ValidationFailed) as exc:
        deal_move(actor=ana, deal=deal, stage=deal_stage(carla, "Proposal"), expected_version=1)
    assert exc.value.code == "stage_not_in_pipeline"
    assert Deal.objects.get(pk=deal.pk).stage.name == "Qualification"


def test_the_stage_gate_asks_for_its_fields(ana):
    negotiation = deal_stage(ana, "Negotiation")
    negotiation.required_fields = ["expected_close_date"]
    negotiation.save()
    deal = make_deal(ana)
    with pytest.raises(ValidationFailed) as exc:
        deal_move(actor=ana, deal=deal, stage=negotiation, expected_version=1)
    assert [(e.field, e.code) for e in exc.value.errors] == [("expected_close_date", "stage_gate")]
    deal = make_deal(ana, expected_close_date="2026-12-31")
    assert deal_move(actor=ana, deal=deal, stage=negotiation, expected_version=1).stage.name == "Negotiation"


# Concurrency
def test_a_move_based_on_a_stale_card_is_a_conflict_and_changes_nothing(ana):
    deal = make_deal(ana)
    deal_move(actor=ana, deal=deal, stage=deal_stage(ana, "Proposal"), expected_version=1)
    with pytest.raises(Conflict) as exc:
        deal_mark_lost(actor=ana, deal=deal, reason=lost_reason(ana), expected_version=1)
    assert exc.value.code == "stale_version"
    assert exc.value.current_version == 2
    stored = Deal.objects.get(pk=deal.pk)
    assert (stored.stage.name, stored.status, stored.lost_reason, stored.version) == (
        "Proposal",
        DealStatus.OPEN,
        None,
        2,
    )
    assert Activity.objects.filter(deal=deal, kind=Kind.STAGE_CHANGE).count() == 1


# Reopening
def test_reopening_a_lost_deal_clears_its_outcome(ana):
    deal = deal_mark_lost(actor=ana, deal=make_deal(ana), reason=lost_reason(ana), note="Too pricey")
    deal = deal_move(actor=ana, deal=deal, stage=deal_stage(ana, "Negotiation"), expected_version=deal.version)
    assert (deal.status, deal.lost_reason, deal.lost_note, deal.closed_at) == (
        DealStatus.OPEN,
        None,
        "",
        None,
    )
    assert deal.probability == 75
    stored = Deal.objects.get(pk=deal.pk)
    assert (stored.status, stored.lost_reason_id, stored.closed_at, stored.version) == (
        DealStatus.OPEN,
        None,
        None,
        3,
    )
    entries = Activity.objects.filter(deal=deal, kind=Kind.STAGE_CHANGE).order_by("pk")
    assert [e.payload["status"] for e in entries] == [["open", "lost"], ["lost", "open"]]


def test_reopening_a_won_deal_keeps_its_amount_and_clears_the_close_date(ana):
    deal = deal_mark_won(actor=ana, deal=make_deal(ana, amount="0"), amount="800")
    deal = deal_move(actor=ana, deal=deal, stage=deal_stage(ana, "Proposal"), expected_version=deal.version)
    assert (deal.status, deal.closed_at, deal.amount) == (DealStatus.OPEN, None, Decimal("800.00"))


def test_a_lost_deal_can_be_won_later_and_forgets_why_it_was_lost(ana):
    deal = deal_mark_lost(actor=ana, deal=make_deal(ana, amount="500"), reason=lost_reason(ana))
    deal = deal_mark_won(actor=ana, deal=deal, expected_version=deal.version)
    assert (deal.status, deal.lost_reason, deal.lost_note) == (DealStatus.WON, None, "")


# Who may move
def test_a_salesperson_moves_only_his_own_deals(ana, bruno):
    his = make_deal(ana, owner_id=bruno.user.pk)
    assert deal_move(actor=bruno, deal=his, stage=deal_stage(ana, "Proposal")).stage.name == "Proposal"
    hers = make_deal(ana)
    with pytest.raises(Forbidden):
        deal_move(actor=bruno, deal=hers, stage=deal_stage(ana, "Proposal"))
    assert Deal.objects.get(pk=hers.pk).stage.name == "Qualification"


def test_a_read_only_member_cannot_close_a_deal(ana, rita):
    deal = make_deal(ana)
    with pytest.raises(Forbidden):
        deal_mark_won(actor=rita, deal=deal)
    assert Deal.objects.get(pk=deal.pk).status == DealStatus.OPEN
