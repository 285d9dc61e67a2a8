"""Who may merge: update on every lead involved. Bruno only his own, Rita none, Carla nothing of Acme."""

import pytest

from funil.accounts.access import load
from funil.core.errors import Forbidden, NotFound
from funil.intake.merge.models import MergeRecord
from funil.intake.merge.selectors import merge_for
from funil.intake.merge.services import lead_merge, lead_merge_undo
from funil.leads.models import Lead
from funil.testing.factories import make_lead

from .helpers import versions


def merge(actor, survivor, *others):
    return lead_merge(
        actor=actor, survivor=survivor, others=list(others), choices={}, expected_versions=versions(survivor, *others)
    )


def test_bruno_merges_his_own_leads(bruno):
    mine, also_mine = make_lead(bruno), make_lead(bruno)
    merge(bruno, mine, also_mine)
    assert Lead.all_objects.get(pk=also_mine.pk).merged_into_id == mine.pk


@pytest.mark.parametrize("brunos_is_survivor", [True, False])
def test_bruno_cannot_merge_a_lead_that_is_not_his(ana, bruno, brunos_is_survivor):
    mine, anas = make_lead(bruno), make_lead(ana)
    survivor, other = (mine, anas) if brunos_is_survivor else (anas, mine)
    with pytest.raises(Forbidden):
        merge(bruno, survivor, other)
    assert not MergeRecord.objects.exists()
    with pytest.raises(NotFound):
        load(bruno, Lead, anas.pk, "update")  # and the doors never even hand him Ana's lead


def test_rita_reads_but_merges_nothing(ana, rita):
    a, b = make_lead(ana), make_lead(ana)
    with pytest.raises(Forbidden):
        merge(rita, a, b)
    assert Lead.objects.filter(pk=b.pk).exists()


def test_carla_can_neither_load_merge_nor_undo_anything_of_acme(ana, carla):
    a, b = make_lead(ana), make_lead(ana)
    with pytest.raises(NotFound):
        load(carla, Lead, a.pk)
    with pytest.raises(Forbidden):
        merge(carla, a, b)
    record = merge(ana, a, b)
    with pytest.raises(NotFound):
        load(carla, Lead, b.pk)  # the tombstone does not lead her to the survivor either
    with pytest.raises(NotFound):
        merge_for(carla, record.pk)
    with pytest.raises(NotFound):
        lead_merge_undo(actor=carla, merge=record)


def test_a_merged_id_resolves_to_the_survivor(ana):
    a, b, c = make_lead(ana), make_lead(ana), make_lead(ana)
    merge(ana, b, a)
    assert load(ana, Lead, a.pk).pk == b.pk
    merge(ana, c, Lead.objects.get(pk=b.pk))
    assert load(ana, Lead, a.pk).pk == c.pk  # a chain of merges is followed to its end


def test_a_merged_id_resolves_only_within_the_actors_scope(ana, bruno):
    anas, brunos_old = make_lead(ana), make_lead(ana, owner_id=bruno.user.pk)
    merge(ana, anas, brunos_old)
    with pytest.raises(NotFound):
        load(bruno, Lead, brunos_old.pk)  # the survivor is Ana's: Bruno may not see it
