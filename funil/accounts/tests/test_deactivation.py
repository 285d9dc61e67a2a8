"""A deactivated member cannot act in the workspace any more; their leads stay where they are, and managers and
admins still see them and hand them to someone else."""

import pytest
from django.urls import reverse

from funil.accounts.access import actor_for, can, load, scoped
from funil.accounts.roles import Role
from funil.accounts.services import member_add, member_deactivate
from funil.core.errors import NotFound, ValidationFailed
from funil.leads.models import Lead
from funil.leads.services import lead_assign
from funil.testing.factories import make_deal, make_lead
from funil.testing.personas import PASSWORD


@pytest.fixture
def manager(acme, sales_team):
    """Mara manages Ana's and Bruno's team."""
    m = member_add(workspace=acme, email="mara@acme.example.com", role=Role.MANAGER, team=sales_team)
    return actor_for(m.user, acme)


@pytest.fixture
def brunos_leads(bruno):
    leads = [make_lead(bruno, first_name="Joana"), make_lead(bruno, first_name="Rui")]
    member_deactivate(actor=actor_for(_admin(bruno), bruno.workspace), membership=bruno.membership)
    return leads


def _admin(bruno):
    from funil.accounts.models import Membership

    return Membership.objects.get(workspace=bruno.workspace, role=Role.ADMIN).user


def test_a_deactivated_member_gets_no_access_to_the_workspace(client, ana, bruno, brunos_leads):
    with pytest.raises(NotFound):
        actor_for(bruno.user, bruno.workspace)
    assert client.login(email=bruno.user.email, password=PASSWORD)  # the account lives on; the membership does not
    for url in (reverse("web:home"), reverse("web:lead_list"), reverse("web:lead_card", args=[brunos_leads[0].pk])):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Joana" not in response.content.decode()


def test_the_deactivated_members_leads_stay_theirs_and_visible_to_managers_and_admins(
    ana, bruno, manager, brunos_leads
):
    ids = {lead.pk for lead in brunos_leads}
    assert set(Lead.objects.filter(pk__in=ids).values_list("owner_id", flat=True)) == {bruno.user.pk}
    for boss in (ana, manager):
        assert ids <= set(scoped(boss, Lead).values_list("pk", flat=True))
        assert all(can(boss, "lead", "assign", load(boss, Lead, pk)) for pk in ids)


@pytest.mark.parametrize("boss_name", ["ana", "manager"])
def test_managers_and_admins_reassign_the_deactivated_members_leads(
    request, ana, bruno, manager, brunos_leads, boss_name
):
    boss = request.getfixturevalue(boss_name)
    for lead in brunos_leads:
        lead = lead_assign(actor=boss, lead=load(boss, Lead, lead.pk), owner_id=boss.user.pk, reason="Bruno left")
        assert (lead.owner_id, lead.team_id) == (boss.user.pk, boss.team_id)


def test_nothing_new_is_given_to_a_deactivated_member(ana, bruno, brunos_leads):
    with pytest.raises(ValidationFailed) as refused:
        lead_assign(actor=ana, lead=make_lead(ana), owner_id=bruno.user.pk)
    assert refused.value.errors[0].code == "owner_not_member"
    with pytest.raises(ValidationFailed):
        make_deal(ana, owner_id=bruno.user.pk)
