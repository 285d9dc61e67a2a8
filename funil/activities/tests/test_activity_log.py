import pytest

from funil.activities.models import Activity, Direction, Kind
from funil.activities.services import activity_log
from funil.contacts.services import contact_create
from funil.core.errors import Forbidden, ValidationFailed
from funil.leads.models import Lead
from funil.testing.factories import make_deal, make_lead


def test_a_note_is_logged_on_the_record_with_its_author(bruno):
    lead = make_lead(bruno)
    note = activity_log(actor=bruno, target=lead, kind=Kind.NOTE, subject="  Asked for a demo ", body="Next week.")
    stored = Activity.objects.get(pk=note.pk)
    assert (stored.lead_id, stored.kind, stored.subject, stored.body) == (
        lead.pk,
        "note",
        "Asked for a demo",
        "Next week.",
    )
    assert (stored.actor_id, stored.workspace_id) == (bruno.user.pk, bruno.workspace.pk)
    assert stored.due_at is None


def test_deals_and_contacts_have_timelines_too(ana):
    deal, contact = make_deal(ana), contact_create(actor=ana, data={"first_name": "Joana"})
    on_deal = activity_log(actor=ana, target=deal, kind=Kind.EMAIL, subject="Proposal sent", direction=Direction.OUT)
    on_contact = activity_log(actor=ana, target=contact, kind=Kind.NOTE, body="Prefers WhatsApp")
    assert (on_deal.deal_id, on_deal.lead_id) == (deal.pk, None)
    assert (on_contact.contact_id, on_contact.deal_id) == (contact.pk, None)


def test_an_outbound_call_is_the_first_contact(ana):
    lead = make_lead(ana)
    activity_log(actor=ana, target=lead, kind=Kind.CALL, subject="Intro call", direction=Direction.OUT, channel="phone")
    first = Lead.objects.get(pk=lead.pk).first_contacted_at
    assert first is not None
    activity_log(actor=ana, target=lead, kind=Kind.CALL, subject="Second call", direction=Direction.OUT)
    assert Lead.objects.get(pk=lead.pk).first_contacted_at == first


def test_notes_and_inbound_messages_are_not_a_contact_made(ana):
    lead = make_lead(ana)
    activity_log(actor=ana, target=lead, kind=Kind.NOTE, body="Looks promising")
    activity_log(actor=ana, target=lead, kind=Kind.MESSAGE, body="Hi!", direction=Direction.IN, channel="whatsapp")
    assert Lead.objects.get(pk=lead.pk).first_contacted_at is None


def test_system_kinds_cannot_be_logged_by_hand(ana):
    lead = make_lead(ana)
    for kind in (Kind.STAGE_CHANGE, Kind.ASSIGNMENT, Kind.SYSTEM, "gossip"):
        with pytest.raises(ValidationFailed) as exc:
            activity_log(actor=ana, target=lead, kind=kind, body="x")
        assert (exc.value.field, exc.value.code) == ("kind", "activity_kind_invalid")
    assert Activity.objects.filter(lead=lead).count() == 1  # only "Lead created"


def test_the_direction_is_in_out_or_nothing(ana):
    with pytest.raises(ValidationFailed) as exc:
        activity_log(actor=ana, target=make_lead(ana), kind=Kind.CALL, body="x", direction="sideways")
    assert exc.value.field == "direction"
    assert exc.value.code == "activity_kind_invalid"


def test_an_empty_activity_is_refused(ana):
    lead = make_lead(ana)
    with pytest.raises(ValidationFailed) as exc:
        activity_log(actor=ana, target=lead, kind=Kind.NOTE, subject="  ", body="\n ")
    assert exc.value.code == "activity_empty"


def test_a_salesperson_logs_only_on_his_own_records(ana, bruno):
    hers = make_lead(ana)
    with pytest.raises(Forbidden):
        activity_log(actor=bruno, target=hers, kind=Kind.NOTE, body="Sneaky")
    assert not Activity.objects.filter(lead=hers, kind=Kind.NOTE).exists()


def test_a_read_only_member_cannot_log(ana, rita):
    lead = make_lead(ana)
    with pytest.raises(Forbidden):
        activity_log(actor=rita, target=lead, kind=Kind.NOTE, body="Just looking")


def test_another_workspace_cannot_write_on_acmes_timeline(ana, carla):
    lead = make_lead(ana)
    with pytest.raises(Forbidden):
        activity_log(actor=carla, target=lead, kind=Kind.NOTE, body="Hola")
    assert not Activity.objects.filter(lead=lead, kind=Kind.NOTE).exists()
    assert not Activity.objects.filter(workspace=carla.workspace).exists()
