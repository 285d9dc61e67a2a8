import pytest

from funil.accounts.access import actor_for
from funil.accounts.roles import Role
from funil.accounts.services import member_add, team_create
from funil.activities.models import Activity, Kind
from funil.core.errors import Conflict, Forbidden, ValidationFailed
from funil.deals.models import Deal
from funil.deals.services import deal_assign
from funil.testing.factories import make_deal


def test_assigning_sets_owner_and_team_and_says_why(ana, bruno):
    deal = make_deal(ana)
    deal = deal_assign(actor=ana, deal=deal, owner_id=bruno.user.pk, reason="His territory", expected_version=1)
    assert (deal.owner_id, deal.team_id, deal.version) == (bruno.user.pk, bruno.team_id, 2)
    stored = Deal.objects.get(pk=deal.pk)
    assert (stored.owner_id, stored.team_id) == (bruno.user.pk, bruno.team_id)
    entry = Activity.objects.get(deal=deal, kind=Kind.ASSIGNMENT)
    assert entry.payload["owner"] == [ana.user.pk, bruno.user.pk]
    assert entry.payload["reason"] == "His territory"
    assert entry.body == "His territory"
    assert entry.actor_id == ana.user.pk


def test_the_team_follows_the_new_owner(ana, acme):
    field = team_create(workspace=acme, name="Field sales")
    sofia = member_add(workspace=acme, email="sofia@acme.example.com", role=Role.SALESPERSON, team=field).user
    deal = deal_assign(actor=ana, deal=make_deal(ana), owner_id=sofia.pk)
    assert (deal.owner_id, deal.team_id) == (sofia.pk, field.pk)


def test_unassigning_puts_the_deal_in_the_queue(ana):
    deal = deal_assign(actor=ana, deal=make_deal(ana), owner_id=None)
    assert (deal.owner_id, deal.team_id) == (None, None)
    assert Activity.objects.get(deal=deal, kind=Kind.ASSIGNMENT).payload["owner"] == [ana.user.pk, None]


def test_assigning_to_the_current_owner_writes_nothing(ana):
    deal = deal_assign(actor=ana, deal=make_deal(ana), owner_id=ana.user.pk, expected_version=1)
    assert deal.version == 1
    assert not Activity.objects.filter(deal=deal, kind=Kind.ASSIGNMENT).exists()


def test_only_active_members_can_own_deals(ana, carla, acme):
    gone = member_add(workspace=acme, email="gone@acme.example.com", role=Role.SALESPERSON)
    gone.is_active = False
    gone.save()
    deal = make_deal(ana)
    for outsider in (carla.user.pk, gone.user_id):
        with pytest.raises(ValidationFailed) as exc:
            deal_assign(actor=ana, deal=deal, owner_id=outsider)
        assert exc.value.code == "owner_not_member"
    assert Deal.objects.get(pk=deal.pk).owner_id == ana.user.pk


def test_a_stale_version_is_a_conflict_and_changes_nothing(ana, bruno):
    deal = make_deal(ana)
    deal_assign(actor=ana, deal=deal, owner_id=bruno.user.pk, expected_version=1)
    with pytest.raises(Conflict):
        deal_assign(actor=ana, deal=deal, owner_id=None, expected_version=1)
    assert Deal.objects.get(pk=deal.pk).owner_id == bruno.user.pk
    assert Activity.objects.filter(deal=deal, kind=Kind.ASSIGNMENT).count() == 1


def test_a_salesperson_cannot_reassign_even_his_own_deal(ana, bruno):
    deal = make_deal(ana, owner_id=bruno.user.pk)
    with pytest.raises(Forbidden):
        deal_assign(actor=bruno, deal=deal, owner_id=ana.user.pk)
    assert Deal.objects.get(pk=deal.pk).owner_id == bruno.user.pk


def test_a_manager_reassigns_within_his_team_only(ana, bruno, acme, sales_team):
    marcos = member_add(workspace=acme, email="marcos@acme.example.com", role=Role.MANAGER, team=sales_team)
    manager = actor_for(marcos.user, acme)
    team_deal = make_deal(ana, owner_id=bruno.user.pk)
    assert deal_assign(actor=manager, deal=team_deal, owner_id=ana.user.pk).owner_id == ana.user.pk
    outsider = member_add(workspace=acme, email="olga@acme.example.com", role=Role.SALESPERSON).user
    other_deal = make_deal(ana, owner_id=outsider.pk)
    with pytest.raises(Forbidden):
        deal_assign(actor=manager, deal=other_deal, owner_id=bruno.user.pk)


def test_another_workspace_cannot_assign(ana, carla):
    deal = make_deal(ana)
    with pytest.raises(Forbidden):
        deal_assign(actor=carla, deal=deal, owner_id=carla.user.pk)
    assert Deal.objects.get(pk=deal.pk).owner_id == ana.user.pk
