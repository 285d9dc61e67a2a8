from decimal import Decimal
from unittest import mock

import pytest

from funil.activities.models import Activity, Kind
from funil.core.errors import Conflict, Forbidden, ValidationFailed
from funil.deals.models import Deal
from funil.deals.services import deal_update
from funil.testing.factories import make_deal


def test_changes_are_logged_with_old_and_new_values(ana):
    deal = make_deal(ana, title="Acme renewal", amount="1000")
    deal = deal_update(
        actor=ana, deal=deal, expected_version=1, changes={"amount": "2500.5", "expected_close_date": "2026-12-31"}
    )
    assert deal.version == 2
    assert Deal.objects.get(pk=deal.pk).amount == Decimal("2500.50")
    entry = Activity.objects.get(deal=deal, kind=Kind.FIELD_CHANGE)
    assert entry.actor_id == ana.user.pk
    assert entry.payload["changes"] == {
        "amount": ["1000.00", "2500.50"],
        "expected_close_date": [None, "2026-12-31"],
    }
    assert entry.payload["version"] == 2


def test_a_stale_version_is_a_conflict_and_changes_nothing(ana, bruno):
    deal = make_deal(ana, title="Original", owner_id=bruno.user.pk)
    deal_update(actor=bruno, deal=deal, expected_version=1, changes={"title": "Bruno's edit"})
    with pytest.raises(Conflict) as exc:
        deal_update(actor=ana, deal=deal, expected_version=1, changes={"title": "Ana's edit"})
    assert exc.value.code == "stale_version"
    assert exc.value.current_version == 2
    stored = Deal.objects.get(pk=deal.pk)
    assert (stored.title, stored.version) == ("Bruno's edit", 2)
    assert Activity.objects.filter(deal=deal, kind=Kind.FIELD_CHANGE).count() == 1


def test_an_update_that_changes_nothing_writes_nothing(ana):
    deal = make_deal(ana, title="Acme renewal", amount="1000")
    deal = deal_update(actor=ana, deal=deal, expected_version=1, changes={"title": " Acme  renewal ", "amount": "1000"})
    assert deal.version == 1
    assert not Activity.objects.filter(deal=deal, kind=Kind.FIELD_CHANGE).exists()


def test_a_failure_after_the_write_leaves_neither_the_change_nor_its_timeline_row(ana):
    deal = make_deal(ana, title="Acme renewal")
    with (
        mock.patch("funil.activities.timeline.Activity.save", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        deal_update(actor=ana, deal=deal, expected_version=1, changes={"title": "Renamed"})
    stored = Deal.objects.get(pk=deal.pk)
    assert (stored.title, stored.version) == ("Acme renewal", 1)
    assert not Activity.objects.filter(deal=deal, kind=Kind.FIELD_CHANGE).exists()


def test_stage_status_and_owner_are_not_edited_as_plain_fields(ana, bruno):
    deal = make_deal(ana)
    with pytest.raises(ValidationFailed) as exc:
        deal_update(
            actor=ana,
            deal=deal,
            expected_version=1,
            changes={"stage": 1, "status": "won", "owner": bruno.user.pk, "lost_reason": 1},
        )
    assert {e.field: e.code for e in exc.value.errors} == {
        "stage": "field_read_only",
        "status": "field_read_only",
        "owner": "field_read_only",
        "lost_reason": "field_read_only",
    }
    assert Deal.objects.get(pk=deal.pk).version == 1


def test_the_title_cannot_be_emptied(ana):
    deal = make_deal(ana, title="Acme renewal")
    with pytest.raises(ValidationFailed) as exc:
        deal_update(actor=ana, deal=deal, expected_version=1, changes={"title": "  "})
    assert exc.value.code == "deal_title_required"
    assert Deal.objects.get(pk=deal.pk).title == "Acme renewal"


def test_bad_values_are_refused_with_their_codes(ana):
    deal = make_deal(ana)
    with pytest.raises(ValidationFailed) as exc:
        deal_update(
            actor=ana,
            deal=deal,
            expected_version=1,
            changes={"amount": "-5", "probability": "high", "currency": "euro"},
        )
    assert {e.field: e.code for e in exc.value.errors} == {
        "amount": "amount_invalid",
        "probability": "invalid",
        "currency": "currency_invalid",
    }


def test_a_salesperson_edits_his_own_deals_only(ana, bruno):
    his = make_deal(ana, owner_id=bruno.user.pk)
    assert deal_update(actor=bruno, deal=his, expected_version=1, changes={"title": "Mine"}).title == "Mine"
    hers = make_deal(ana, title="Hers")
    with pytest.raises(Forbidden):
        deal_update(actor=bruno, deal=hers, expected_version=1, changes={"title": "Mine now"})
    assert Deal.objects.get(pk=hers.pk).title == "Hers"


def test_a_read_only_member_cannot_edit(ana, rita):
    deal = make_deal(ana, title="Acme renewal")
    with pytest.raises(Forbidden):
        deal_update(actor=rita, deal=deal, expected_version=1, changes={"title": "Rita's"})


def test_another_workspace_cannot_edit_and_learns_nothing(ana, carla):
    deal = make_deal(ana, title="Acme renewal")
    with pytest.raises(Forbidden):
        deal_update(actor=carla, deal=deal, expected_version=1, changes={"title": "Globex's"})
    assert Deal.objects.get(pk=deal.pk).title == "Acme renewal"
