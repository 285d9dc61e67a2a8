"""Teams: added, renamed, and given their members (a member is on one team at most)."""

import pytest

from funil.accounts.errors import AccountError
from funil.accounts.models import Membership, Team
from funil.accounts.services import team_add, team_rename, team_set_members
from funil.core.errors import Forbidden, ValidationFailed


def team_of(actor) -> int | None:
    return Membership.objects.get(pk=actor.membership.pk).team_id


def test_ana_adds_and_renames_a_team(ana):
    team = team_add(actor=ana, name="Field sales")
    assert team_rename(actor=ana, team=team, name="Field sales South").name == "Field sales South"
    with pytest.raises(ValidationFailed) as taken:
        team_add(actor=ana, name="inside sales")
    assert taken.value.errors[0].code == AccountError.NAME_TAKEN
    with pytest.raises(ValidationFailed) as empty:
        team_rename(actor=ana, team=team, name="")
    assert empty.value.errors[0].code == AccountError.NAME_REQUIRED


def test_joining_a_team_leaves_the_other_and_unticked_members_leave(ana, bruno, rita, sales_team):
    field = team_add(actor=ana, name="Field sales")
    team_set_members(actor=ana, team=field, user_ids=[str(bruno.user.pk), rita.user.pk])
    assert (team_of(bruno), team_of(rita), team_of(ana)) == (field.pk, field.pk, sales_team.pk)
    team_set_members(actor=ana, team=field, user_ids=[rita.user.pk])
    assert (team_of(bruno), team_of(rita)) == (None, field.pk)


def test_only_members_of_the_workspace_join_its_teams(ana, carla, sales_team):
    for bad in ([carla.user.pk], ["abc"], [None]):
        with pytest.raises(ValidationFailed) as refused:
            team_set_members(actor=ana, team=sales_team, user_ids=bad)
        assert refused.value.errors[0].code == AccountError.MEMBER_INVALID
    assert team_of(ana) == sales_team.pk


def test_only_acme_admins_change_acme_teams(ana, bruno, rita, carla, sales_team):
    for outsider in (bruno, rita):
        with pytest.raises(Forbidden):
            team_add(actor=outsider, name="Mine")
    for outsider in (bruno, rita, carla):
        with pytest.raises(Forbidden):
            team_rename(actor=outsider, team=sales_team, name="Mine")
        with pytest.raises(Forbidden):
            team_set_members(actor=outsider, team=sales_team, user_ids=[])
    assert Team.objects.get(pk=sales_team.pk).name == "Inside sales" and team_of(ana) == sales_team.pk


def test_a_name_taken_by_a_concurrent_write_is_refused_not_a_server_error(ana):
    from unittest import mock

    # As if another admin saved the same name just after the duplicate check.
    with mock.patch("funil.accounts.services.refuse_duplicate"), pytest.raises(ValidationFailed) as clash:
        team_add(actor=ana, name="Inside sales")
    assert (clash.value.errors[0].field, clash.value.errors[0].code) == ("name", AccountError.NAME_TAKEN)
    assert Team.objects.filter(workspace=ana.workspace).count() == 1
