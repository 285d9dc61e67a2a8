import pytest

from funil.activities.models import Activity, Attachment, Kind
from funil.catalog.models import CustomField, Product
from funil.core.errors import Conflict, DomainError, NotFound, ValidationFailed
from funil.deals.models import Deal
from funil.intake.merge.models import MergeRecord
from funil.intake.merge.services import lead_merge
from funil.intake.models import DuplicateFlag, Identity
from funil.leads.models import Lead
from funil.leads.services import lead_convert, lead_update
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


def test_a_merge_moves_everything_to_the_survivor_and_leaves_a_tombstone(ana):
    survivor = make_lead(ana, first_name="Joana", email="joana@padaria.com.br")
    other = busy_lead(ana, first_name="Joana", company_name="Padaria Boa", email="joana@padaria.com.br")
    third = make_lead(ana, first_name="J.", email="jp@padaria.com.br")
    flag(other, survivor)
    moved_activities = set(Activity.objects.filter(lead=other).values_list("pk", flat=True))
    deal = Deal.objects.get(lead=other)
    read = versions(survivor, other)

    record = merge(ana, survivor, other)

    other = Lead.all_objects.get(pk=other.pk)
    assert (other.merged_into_id, other.merged_at is not None) == (survivor.pk, True)
    assert other.status == "open"  # kept: the tombstone is hidden, not closed
    assert not Lead.objects.filter(pk=other.pk).exists()
    assert not Activity.objects.filter(lead=other).exists()
    assert moved_activities <= set(Activity.objects.filter(lead=survivor).values_list("pk", flat=True))
    assert Attachment.objects.get().activity.lead_id == survivor.pk
    assert Deal.objects.get(pk=deal.pk).lead_id == survivor.pk
    assert Identity.objects.get().lead_id == survivor.pk
    # The flag between the two is settled by the merge: they are one lead now.
    settled = DuplicateFlag.objects.get()
    assert (settled.lead_id, settled.other_lead_id, settled.resolved_at is not None) == (survivor.pk, survivor.pk, True)
    survivor = Lead.objects.get(pk=survivor.pk)
    assert survivor.company_name == "Padaria Boa"  # the survivor had none: filled from the other lead
    assert survivor.next_followup_at is not None  # the moved follow-up counts on the survivor now
    assert survivor.first_contacted_at is not None
    assert survivor.version > max(read.values())  # a stale form of the other lead cannot write over it
    assert record.merged_ids == [other.pk] and record.version_after == survivor.version
    entry = Activity.objects.get(lead=survivor, kind=Kind.MERGE)
    assert entry.payload["merge"] == record.pk and entry.payload["merged"][0]["id"] == other.pk
    assert Lead.objects.get(pk=third.pk).merged_into_id is None  # untouched


def test_field_choices_are_honoured_and_the_losing_values_are_recorded(ana):
    CustomField.objects.create(workspace=ana.workspace, entity="lead", key="segment", label="Segment", type="text")
    survivor = make_lead(
        ana, first_name="Joana", email="joana@old.com.br", phone="(81) 3333-4444", custom_fields={"segment": "SMB"}
    )
    other = make_lead(
        ana, first_name="Joana", email="joana@new.com.br", phone="(81) 99999-8888", custom_fields={"segment": "Ent"}
    )
    merge(ana, survivor, other, phone=other.pk, **{"custom:segment": other.pk})
    survivor = Lead.objects.get(pk=survivor.pk)
    assert (survivor.email_normalized, survivor.phone_e164) == ("joana@old.com.br", "+5581999998888")
    assert survivor.custom_fields == {"segment": "Ent"}
    assert "old.com.br" in survivor.search_text and "5581999998888" in survivor.search_text
    entry = Activity.objects.get(lead=survivor, kind=Kind.MERGE)
    assert entry.payload["lost"]["email"] == [{"lead": other.pk, "value": "joana@new.com.br"}]
    assert entry.payload["lost"]["phone"] == [{"lead": survivor.pk, "value": "(81) 3333-4444"}]
    assert "joana@new.com.br" in entry.body
    assert MergeRecord.objects.get().lost == entry.payload["lost"]


def test_products_are_the_union_and_consent_is_given_if_any_gave_it(ana):
    crm = Product.objects.create(workspace=ana.workspace, name="CRM", currency="BRL")
    erp = Product.objects.create(workspace=ana.workspace, name="ERP", currency="BRL")
    survivor = make_lead(ana, marketing_consent=False)
    other = make_lead(ana, marketing_consent=True, consent_source="Website form")
    survivor.products.set([crm])
    other.products.set([erp])
    merge(ana, survivor, other)
    survivor = Lead.objects.get(pk=survivor.pk)
    assert set(survivor.products.all()) == {crm, erp}
    assert (survivor.marketing_consent, survivor.consent_source) == (True, "Website form")
    assert survivor.consent_at == Lead.all_objects.get(pk=other.pk).consent_at
    assert Activity.objects.get(lead=survivor, kind=Kind.MERGE).payload["consent_from"] == other.pk


def test_one_leads_products_can_be_chosen_instead_of_the_union(ana):
    crm = Product.objects.create(workspace=ana.workspace, name="CRM", currency="BRL")
    survivor, other = make_lead(ana), make_lead(ana)
    survivor.products.set([crm])
    merge(ana, survivor, other, products=other.pk)
    assert not Lead.objects.get(pk=survivor.pk).products.exists()


def test_a_stale_version_is_a_conflict_and_nothing_is_written(ana):
    survivor, other = make_lead(ana), busy_lead(ana)
    stale = versions(survivor, other)
    lead_update(actor=ana, lead=other, expected_version=other.version, changes={"city": "Recife"})
    before = state(survivor, other)
    with pytest.raises(Conflict):
        lead_merge(actor=ana, survivor=survivor, others=[other], choices={}, expected_versions=stale)
    assert state(survivor, other) == before
    assert not MergeRecord.objects.exists()


def test_every_version_must_be_given(ana):
    survivor, other = make_lead(ana), make_lead(ana)
    with pytest.raises(ValidationFailed) as refused:
        lead_merge(actor=ana, survivor=survivor, others=[other], choices={}, expected_versions={survivor.pk: 1})
    assert refused.value.code == "merge_version_required"


@pytest.mark.parametrize(
    ("choices", "code"),
    [({"nickname": "x"}, "merge_choice_unknown"), ({"email": 999999}, "merge_choice_invalid")],
)
def test_bad_choices_are_refused_per_field(ana, choices, code):
    survivor, other = make_lead(ana), make_lead(ana)
    with pytest.raises(ValidationFailed) as refused:
        lead_merge(
            actor=ana, survivor=survivor, others=[other], choices=choices, expected_versions=versions(survivor, other)
        )
    assert refused.value.errors[0].code == code and refused.value.errors[0].field == next(iter(choices))
    assert Lead.objects.filter(pk=other.pk).exists()


def test_a_lead_is_not_merged_into_itself_nor_with_nothing(ana):
    lead = make_lead(ana)
    with pytest.raises(ValidationFailed) as itself:
        merge(ana, lead, lead)
    assert itself.value.code == "merge_same_lead"
    with pytest.raises(ValidationFailed) as nothing:
        merge(ana, lead)
    assert nothing.value.code == "merge_nothing"


def test_a_converted_lead_is_not_merged(ana):
    survivor, other = make_lead(ana), make_lead(ana)
    lead_convert(actor=ana, lead=other, expected_version=1, create_deal=False)
    with pytest.raises(DomainError) as refused:
        merge(ana, survivor, Lead.objects.get(pk=other.pk))
    assert refused.value.code == "merge_converted"
    assert not MergeRecord.objects.exists()


def test_a_tombstone_cannot_be_merged_again(ana):
    survivor, other, third = make_lead(ana), make_lead(ana), make_lead(ana)
    stale_other = Lead.objects.get(pk=other.pk)
    merge(ana, survivor, other)
    with pytest.raises(NotFound):
        lead_merge(
            actor=ana,
            survivor=third,
            others=[stale_other],
            choices={},
            expected_versions={third.pk: 1, other.pk: stale_other.version},
        )


def test_deleting_the_survivor_takes_its_tombstones_and_merge_records_along(ana):
    from funil.leads.services import lead_delete

    survivor, other = make_lead(ana), busy_lead(ana)
    merge(ana, survivor, other)
    lead_delete(actor=ana, leads=[Lead.objects.get(pk=survivor.pk)])
    assert not Lead.all_objects.filter(pk__in=[survivor.pk, other.pk]).exists()
    assert not MergeRecord.objects.exists() and not Identity.objects.exists()
