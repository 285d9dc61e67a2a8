"""Members: role and team changes, deactivation, and the rule that a workspace keeps an active admin."""

import pytest

from funil.accounts.access import actor_for
from funil.accounts.errors import AccountError
from funil.accounts.models import Membership
from funil.accounts.roles import Role
from funil.accounts.services import (
    member_add,
    member_deactivate,
    member_reactivate,
    member_set_role,
    member_set_team,
    team_add,
)
from funil.core.errors import DomainError, Forbidden, NotFound, ValidationFailed


def fresh(actor) -> Membership:
    return Membership.objects.get(pk=actor.membership.pk)


def test_ana_changes_bruno_role_and_team(ana, bruno):
    field = team_add(actor=ana, name="Field sales")
    member_set_role(actor=ana, membership=bruno.membership, role=Role.MANAGER)
    member_set_team(actor=ana, membership=bruno.membership, team_id=str(field.pk))
    assert (fresh(bruno).role, fresh(bruno).team_id) == (Role.MANAGER, field.pk)
    member_set_team(actor=ana, membership=bruno.membership, team_id="")
    assert fresh(bruno).team_id is None


def test_bad_roles_and_teams_are_refused(ana, bruno, carla):
    globex_team = team_add(actor=carla, name="Iberia")
    with pytest.raises(ValidationFailed) as role:
        member_set_role(actor=ana, membership=bruno.membership, role="owner")
    assert role.value.errors[0].code == AccountError.ROLE_INVALID
    for team_id in (globex_team.pk, "abc"):
        with pytest.raises(ValidationFailed) as team:
            member_set_team(actor=ana, membership=bruno.membership, team_id=team_id)
        assert team.value.errors[0].code == AccountError.TEAM_INVALID


def test_the_last_admin_can_neither_step_down_nor_leave(ana):
    with pytest.raises(DomainError) as demote:
        member_set_role(actor=ana, membership=ana.membership, role=Role.MANAGER)
    assert (demote.value.code, demote.value.field) == (AccountError.LAST_ADMIN, "role")
    with pytest.raises(DomainError) as leave:
        member_deactivate(actor=ana, membership=ana.membership)
    assert leave.value.code == AccountError.LAST_ADMIN
    assert (fresh(ana).role, fresh(ana).is_active) == (Role.ADMIN, True)


def test_with_another_active_admin_ana_may_step_down(ana, bruno):
    member_set_role(actor=ana, membership=bruno.membership, role=Role.ADMIN)
    member_set_role(actor=ana, membership=ana.membership, role=Role.MANAGER)
    assert fresh(ana).role == Role.MANAGER
    with pytest.raises(Forbidden):  # a manager no longer changes settings
        member_set_role(actor=actor_for(ana.user, ana.workspace), membership=bruno.membership, role=Role.READ_ONLY)


def test_a_deactivated_admin_does_not_count_as_the_other_admin(ana, acme):
    other = member_add(workspace=acme, email="olga@acme.example.com", role=Role.ADMIN)
    member_deactivate(actor=ana, membership=other)
    with pytest.raises(DomainError):
        member_deactivate(actor=ana, membership=ana.membership)


def test_deactivated_members_lose_access_and_come_back_when_reactivated(ana, bruno):
    member_deactivate(actor=ana, membership=bruno.membership)
    with pytest.raises(NotFound):
        actor_for(bruno.user, bruno.workspace)
    member_reactivate(actor=ana, membership=bruno.membership)
    assert actor_for(bruno.user, bruno.workspace).role == Role.SALESPERSON


def test_only_acme_admins_change_acme_members(ana, bruno, rita, carla):
    for outsider in (bruno, rita, carla):
        for write in (
            lambda a: member_set_role(actor=a, membership=ana.membership, role=Role.READ_ONLY),
            lambda a: member_set_team(actor=a, membership=ana.membership, team_id=""),
            lambda a: member_deactivate(actor=a, membership=ana.membership),
            lambda a: member_reactivate(actor=a, membership=ana.membership),
        ):
            with pytest.raises(Forbidden):
                write(outsider)
    assert (fresh(ana).role, fresh(ana).is_active, fresh(ana).team_id is not None) == (Role.ADMIN, True, True)


def test_read_only_members_do_not_see_the_settings(rita, bruno, ana):
    from funil.accounts.access import can

    assert not can(rita, "settings", "read") and not can(bruno, "settings", "read")
    assert can(ana, "settings", "read") and can(ana, "settings", "update")
