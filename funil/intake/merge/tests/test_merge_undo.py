import pytest

from funil.activities.models import Activity, Kind
from funil.activities.services import activity_log
from funil.catalog.models import CustomField, Product
from funil.core.errors import DomainError, Forbidden
from funil.deals.models import Deal
from funil.deals.services import deal_update
from funil.intake.merge.models import MergeRecord
from funil.intake.merge.services import lead_merge, lead_merge_undo
from funil.leads.models import Lead
from funil.leads.services import lead_update
from funil.testing.factories import make_lead

from .helpers import busy_lead, flag, state, versions


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def merge(actor, survivor, *others, **choices):
    return lead_merge(
        actor=actor,
        survivor=survivor,
        others=list(others),
        choices=choices,
        expected_versions=versions(survivor, *others),
    )


def test_undo_gives_back_exactly_the_records_that_were_there_before(ana, bruno):
    CustomField.objects.create(workspace=ana.workspace, entity="lead", key="segment", label="Segment", type="text")
    crm = Product.objects.create(workspace=ana.workspace, name="CRM", currency="BRL")
    erp = Product.objects.create(workspace=ana.workspace, name="ERP", currency="BRL")
    survivor = busy_lead(ana, first_name="Joana", email="joana@old.com.br", custom_fields={"segment": "SMB"})
    other = busy_lead(
        ana,
        first_name="Joana",
        last_name="Prado",
        company_name="Padaria Boa",
        email="joana@new.com.br",
        mobile="(81) 99999-8888",
        marketing_consent=True,
        custom_fields={"segment": "Ent"},
        owner_id=bruno.user.pk,
    )
    third = busy_lead(ana, city="Recife")
    survivor.products.set([crm])
    other.products.set([erp])
    flag(other, survivor)
    flag(third, other, "same phone", 0.8)
    flag(survivor, third, "similar name", 0.7)
    before = state(survivor, other, third)

    record = merge(ana, survivor, other, third, email=other.pk, **{"custom:segment": other.pk})
    assert state(survivor, other, third) != before
    lead_merge_undo(actor=ana, merge=record)

    assert state(survivor, other, third) == before
    assert MergeRecord.objects.get().undone_at is not None
    undo_rows = Activity.objects.filter(kind=Kind.MERGE, subject__startswith="Restored")
    assert set(undo_rows.values_list("lead_id", flat=True)) == {other.pk, third.pk}
    assert Activity.objects.filter(lead=survivor, kind=Kind.MERGE, subject__startswith="Merge undone").exists()


def test_undo_is_refused_once_the_survivor_was_changed_after_the_merge(ana):
    survivor, other = make_lead(ana), busy_lead(ana)
    record = merge(ana, survivor, other)
    survivor = Lead.objects.get(pk=survivor.pk)
    lead_update(actor=ana, lead=survivor, expected_version=survivor.version, changes={"city": "Olinda"})
    with pytest.raises(DomainError) as refused:
        lead_merge_undo(actor=ana, merge=record)
    assert refused.value.code == "merge_changed_since"
    assert Lead.all_objects.get(pk=other.pk).merged_into_id == survivor.pk  # nothing written
    assert MergeRecord.objects.get().undone_at is None


def test_undo_is_refused_when_a_moved_deal_was_relinked(ana):
    survivor, other, elsewhere = make_lead(ana), busy_lead(ana), make_lead(ana)
    record = merge(ana, survivor, other)
    deal = Deal.objects.get(lead=survivor)
    deal_update(actor=ana, deal=deal, expected_version=deal.version, changes={"lead": elsewhere.pk})
    with pytest.raises(DomainError) as refused:
        lead_merge_undo(actor=ana, merge=record)
    assert refused.value.code == "merge_changed_since"


def test_activities_logged_on_the_survivor_since_stay_with_it(ana):
    survivor, other = make_lead(ana), busy_lead(ana)
    record = merge(ana, survivor, other)
    note = activity_log(actor=ana, target=Lead.objects.get(pk=survivor.pk), kind=Kind.NOTE, body="After the merge")
    lead_merge_undo(actor=ana, merge=record)
    assert Activity.objects.get(pk=note.pk).lead_id == survivor.pk


def test_undo_twice_is_refused(ana):
    record = merge(ana, make_lead(ana), make_lead(ana))
    lead_merge_undo(actor=ana, merge=record)
    with pytest.raises(DomainError) as refused:
        lead_merge_undo(actor=ana, merge=record)
    assert refused.value.code == "merge_already_undone"


def test_undoing_the_latest_merge_makes_the_earlier_one_undoable(ana):
    survivor, first, second = make_lead(ana), make_lead(ana, city="Recife"), make_lead(ana, city="Natal")
    before = state(survivor, first, second)
    earlier = merge(ana, survivor, first)
    later = merge(ana, Lead.objects.get(pk=survivor.pk), second)
    with pytest.raises(DomainError):
        lead_merge_undo(actor=ana, merge=earlier)  # the later merge changed the survivor since
    lead_merge_undo(actor=ana, merge=later)
    lead_merge_undo(actor=ana, merge=earlier)
    assert state(survivor, first, second) == before


def test_a_survivor_merged_again_must_have_that_merge_undone_first(ana):
    a, b, c = make_lead(ana), make_lead(ana), make_lead(ana)
    first = merge(ana, b, a)
    merge(ana, c, Lead.objects.get(pk=b.pk))
    with pytest.raises(DomainError) as refused:
        lead_merge_undo(actor=ana, merge=first)
    assert refused.value.code == "merge_survivor_merged"


def test_only_an_admin_or_the_person_who_merged_may_undo(ana, bruno, acme):
    from funil.accounts.access import actor_for
    from funil.accounts.roles import Role
    from funil.accounts.services import member_add

    manager = actor_for(
        member_add(workspace=acme, email="mara@acme.example.com", role=Role.MANAGER, full_name="Mara").user, acme
    )
    mine, also_mine = make_lead(bruno), make_lead(bruno)
    record = merge(bruno, mine, also_mine)
    with pytest.raises(Forbidden):
        lead_merge_undo(actor=manager, merge=record)
    lead_merge_undo(actor=bruno, merge=record)
    assert Lead.objects.filter(pk=also_mine.pk).exists()
