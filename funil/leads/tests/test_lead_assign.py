import pytest

from funil.activities.models import Activity, Kind
from funil.core.errors import Forbidden, ValidationFailed
from funil.leads.services import lead_assign
from funil.testing.factories import make_lead


def test_assigning_sets_owner_and_team_and_says_why(ana, bruno):
    lead = make_lead(ana, owner_id=None)
    lead = lead_assign(actor=ana, lead=lead, owner_id=bruno.user.pk, reason="Speaks Spanish")
    assert (lead.owner_id, lead.team_id) == (bruno.user.pk, bruno.team_id)
    entry = Activity.objects.get(lead=lead, kind=Kind.ASSIGNMENT)
    assert entry.payload["owner"] == [ana.user.pk, bruno.user.pk]
    assert entry.payload["reason"] == "Speaks Spanish"


def test_unassigning_puts_the_lead_in_the_queue(ana):
    lead = lead_assign(actor=ana, lead=make_lead(ana), owner_id=None)
    assert lead.owner_id is None and lead.team_id is None


def test_only_members_can_own_leads(ana, carla):
    with pytest.raises(ValidationFailed) as exc:
        lead_assign(actor=ana, lead=make_lead(ana), owner_id=carla.user.pk)
    assert exc.value.code == "owner_not_member"


def test_a_salesperson_cannot_reassign(ana, bruno):
    lead = make_lead(ana, owner_id=bruno.user.pk)
    with pytest.raises(Forbidden):
        lead_assign(actor=bruno, lead=lead, owner_id=ana.user.pk)
