import pytest
from django.db import DatabaseError, transaction

from funil.activities.models import Activity, AppendOnlyError, Kind
from funil.activities.services import activity_log
from funil.testing.factories import make_lead


def logged_note(actor):
    return activity_log(actor=actor, target=make_lead(actor), kind=Kind.NOTE, subject="Original", body="As written")


def test_a_written_row_cannot_be_saved_again(ana):
    note = logged_note(ana)
    note.subject = "Rewritten"
    with pytest.raises(AppendOnlyError):
        note.save()
    assert Activity.objects.get(pk=note.pk).subject == "Original"


def test_a_row_read_back_from_the_database_cannot_be_saved_either(ana):
    note = logged_note(ana)
    again = Activity.objects.get(pk=note.pk)
    again.body = "Rewritten"
    for kwargs in ({}, {"update_fields": ["body"]}, {"force_update": True}):
        with pytest.raises(AppendOnlyError):
            again.save(**kwargs)
    assert Activity.objects.get(pk=note.pk).body == "As written"


def test_a_row_cannot_be_deleted(ana):
    note = logged_note(ana)
    with pytest.raises(AppendOnlyError):
        note.delete()
    with pytest.raises(AppendOnlyError):
        Activity.objects.get(pk=note.pk).delete()
    assert Activity.objects.filter(pk=note.pk).exists()


def test_the_creation_rows_written_by_services_are_append_only_too(ana):
    lead = make_lead(ana)
    created = Activity.objects.get(lead=lead, kind=Kind.SYSTEM)
    created.payload = {}
    with pytest.raises(AppendOnlyError):
        created.save()
    with pytest.raises(AppendOnlyError):
        created.delete()
    assert Activity.objects.get(pk=created.pk).payload["created"]["first_name"] == lead.first_name


def test_a_new_instance_cannot_reuse_an_existing_rows_id_to_overwrite_it(ana):
    """Django saves an instance with its primary key set by trying an UPDATE first; that must not pass."""
    note = logged_note(ana)
    forged = Activity(
        pk=note.pk,
        workspace=ana.workspace,
        lead_id=note.lead_id,
        kind=Kind.NOTE,
        subject="Forged",
        created_at=note.created_at,
    )
    with pytest.raises((AppendOnlyError, DatabaseError)), transaction.atomic():
        forged.save()
    assert Activity.objects.get(pk=note.pk).subject == "Original"
