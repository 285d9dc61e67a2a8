"""What lead_capture does with someone it may already know: attach, flag, repeat, or a deal in simple mode."""

import pytest

from funil.activities.models import Activity, Kind
from funil.contacts.models import Company, Contact
from funil.contacts.services import contact_create
from funil.core.errors import Forbidden
from funil.deals.models import Deal
from funil.deals.services import deal_mark_won
from funil.intake.capture import Attachment, Channel, Incoming, IncomingActivity, Outcome, lead_capture
from funil.intake.models import DuplicateFlag, Identity
from funil.leads.models import Lead
from funil.leads.services import lead_mark_junk
from funil.pipelines.models import Meaning, PipelineKind
from funil.testing.factories import make_deal, make_lead, reason


def message(text="Olá, quero um orçamento", kind=Kind.MESSAGE, channel="whatsapp"):
    return IncomingActivity(kind=kind, body=text, channel=channel)


def capture(actor, person, *, channel=Channel.API, messenger=None, activity=None, **extra):
    incoming = Incoming(channel=channel, person=person, messenger=messenger or {}, activity=activity, **extra)
    return lead_capture(actor=actor, incoming=incoming)


def set_workspace(actor, **values):
    for name, value in values.items():
        setattr(actor.workspace, name, value)
    actor.workspace.save()


def test_a_new_person_becomes_a_new_lead_with_the_message_on_its_timeline(ana):
    result = capture(ana, {"full_name": "Maria Lima", "email": "maria@example.com"}, activity=message())
    assert result.outcome == Outcome.CREATED and result.matches == []
    assert result.activity.lead == result.lead and result.activity.body == "Olá, quero um orçamento"
    assert result.activity.payload["intake"]["channel"] == "api"
    assert result.as_dict()["lead"] == result.lead.pk


def test_attach_policy_puts_a_known_persons_message_on_their_open_lead(ana):
    lead = make_lead(ana, first_name="Maria", email="maria@example.com")
    result = capture(ana, {"first_name": "Maria", "email": "MARIA@example.com"}, activity=message())
    assert (result.outcome, result.lead) == (Outcome.ATTACHED, lead)
    assert Lead.objects.filter(workspace=ana.workspace).count() == 1
    assert result.activity.lead == lead and result.activity.payload["intake"]["matched"] == ["same email"]
    assert [(m.reason, m.label) for m in result.matches] == [("email", "same email")]


def test_attach_policy_puts_the_message_on_a_known_contact(ana):
    contact = contact_create(actor=ana, data={"first_name": "Rosa", "email": "rosa@example.com"})
    result = capture(ana, {"email": "rosa@example.com"}, activity=message(), messenger={"telegram": "99"})
    assert (result.outcome, result.contact, result.lead) == (Outcome.ATTACHED, contact, None)
    assert result.activity.contact == contact
    assert Identity.objects.filter(kind="telegram", value="99", contact=contact).exists()


def test_flag_policy_creates_a_new_lead_and_flags_the_duplicates(ana):
    set_workspace(ana, intake_policy="flag")
    lead = make_lead(ana, first_name="Maria", email="maria@example.com")
    result = capture(ana, {"first_name": "Maria", "email": "maria@example.com"}, activity=message())
    assert result.outcome == Outcome.FLAGGED and result.lead != lead
    flag = DuplicateFlag.objects.get(lead=result.lead)
    assert (flag.other_lead, flag.reason, flag.label, flag.workspace) == (lead, "email", "same email", ana.workspace)


def test_look_alikes_are_flagged_never_attached(ana):
    colleague = make_lead(ana, first_name="Ana", last_name="Souza", phone="(81) 3333-4444")
    result = capture(ana, {"first_name": "Bruno", "last_name": "Souza", "phone": "81 3333-4444"})
    assert result.outcome == Outcome.FLAGGED and result.lead != colleague
    assert DuplicateFlag.objects.get(lead=result.lead).label == "same phone, different name"
    similar = make_lead(ana, first_name="Priscila", last_name="Freitas", company_name="Vértice")
    result = capture(ana, {"full_name": "Priscilla Freitas", "company_name": "Vertice", "email": "p@vertice.example"})
    assert result.outcome == Outcome.FLAGGED
    flag = DuplicateFlag.objects.get(lead=result.lead)
    assert (flag.other_lead, flag.reason) == (similar, "name_company")


def test_a_junk_lead_is_not_attached_to_but_flagged(ana):
    junk = make_lead(ana, first_name="Spam", email="spam@example.com")
    lead_mark_junk(actor=ana, lead=junk, reason=reason(ana), expected_version=junk.version)
    result = capture(ana, {"first_name": "Spam", "email": "spam@example.com"})
    assert result.outcome == Outcome.FLAGGED and DuplicateFlag.objects.get(lead=result.lead).other_lead == junk


def test_a_known_customer_who_writes_again_opens_a_repeat_lead_linked_to_them(ana):
    customer = contact_create(actor=ana, data={"first_name": "Gil", "email": "gil@example.com"})
    deal_mark_won(actor=ana, deal=make_deal(ana, contact=customer.pk))
    result = capture(ana, {"first_name": "Gil", "email": "gil@example.com"}, activity=message("Quero mais"))
    assert result.outcome == Outcome.REPEAT and result.contact == customer
    assert result.lead.contact == customer and result.activity.lead == result.lead
    assert Activity.objects.filter(contact=customer, subject__startswith="Came back").exists()
    # The repeat lead is open now: the next message goes onto it.
    again = capture(ana, {"email": "gil@example.com"}, activity=message("E o prazo?"))
    assert (again.outcome, again.lead) == (Outcome.ATTACHED, result.lead)


def test_simple_mode_turns_a_new_person_into_a_contact_and_a_deal(ana):
    set_workspace(ana, crm_mode="simple")
    person = {"full_name": "Lia Mota", "email": "lia@mota.example", "company_name": "Mota & Filhos", "budget": "900"}
    result = capture(ana, person, activity=message())
    deal = result.deal
    assert result.outcome == Outcome.CREATED and result.lead is None
    assert (deal.stage.meaning, deal.stage.pipeline.kind, deal.amount) == (Meaning.OPEN, PipelineKind.DEAL, 900)
    assert deal.title == "Lia Mota · Mota & Filhos" and deal.contact == result.contact
    assert (result.contact.first_name, result.contact.email) == ("Lia", "lia@mota.example")
    assert result.contact.company == Company.objects.get(name="Mota & Filhos") == deal.company
    assert result.activity.deal == deal and not Lead.objects.filter(workspace=ana.workspace).exists()


def test_simple_mode_a_customer_gets_a_repeat_deal_and_a_known_contact_the_message(ana):
    set_workspace(ana, crm_mode="simple")
    customer = contact_create(actor=ana, data={"first_name": "Gil", "email": "gil@example.com"})
    deal_mark_won(actor=ana, deal=make_deal(ana, contact=customer.pk))
    result = capture(ana, {"email": "gil@example.com"})
    assert result.outcome == Outcome.REPEAT and result.deal.contact == customer and result.deal.status == "open"
    known = contact_create(actor=ana, data={"first_name": "Ivo", "email": "ivo@example.com"})
    result = capture(ana, {"email": "ivo@example.com"}, activity=message())
    assert (result.outcome, result.contact, result.deal) == (Outcome.ATTACHED, known, None)
    assert Contact.objects.filter(workspace=ana.workspace).count() == 2


def test_whatsapp_then_a_call_from_the_same_number_written_another_way_is_one_lead(ana):
    first = capture(
        ana,
        {"full_name": "Maria"},
        channel=Channel.WHATSAPP,
        messenger={"whatsapp": "+55 81 98888-7777"},
        activity=message("Oi!"),
    )
    assert first.outcome == Outcome.CREATED and first.lead.mobile_e164 == "+5581988887777"
    assert Identity.objects.get(kind="whatsapp").lead == first.lead
    call = IncomingActivity(kind=Kind.CALL, channel="phone", payload={"duration": 42, "status": "answered"})
    second = capture(ana, {"phone": "(81) 98888 7777"}, channel=Channel.CALL, activity=call)
    assert (second.outcome, second.lead) == (Outcome.ATTACHED, first.lead)
    kinds = set(Activity.objects.filter(lead=first.lead).exclude(kind=Kind.SYSTEM).values_list("kind", flat=True))
    assert kinds == {Kind.MESSAGE, Kind.CALL} and Lead.objects.filter(workspace=ana.workspace).count() == 1


def test_a_salesperson_cannot_attach_to_a_colleagues_lead_nor_learn_of_it(ana, bruno):
    theirs = make_lead(ana, first_name="Lia", email="lia@example.com")
    result = capture(bruno, {"first_name": "Lia", "email": "lia@example.com"}, channel=Channel.MANUAL)
    assert result.outcome == Outcome.FLAGGED and result.lead.owner_id == bruno.user.pk and result.matches == []
    assert DuplicateFlag.objects.get(lead=result.lead).other_lead == theirs


def test_a_read_only_member_cannot_capture(rita):
    with pytest.raises(Forbidden):
        capture(rita, {"first_name": "X"})


def test_carla_never_attaches_to_acme(ana, carla):
    make_lead(ana, first_name="Lia", email="lia@example.com")
    result = capture(carla, {"first_name": "Lia", "email": "lia@example.com"})
    assert result.outcome == Outcome.CREATED and result.lead.workspace == carla.workspace


def test_a_reply_in_a_known_thread_goes_onto_that_record(ana):
    deal = make_deal(ana)
    incoming = Incoming(
        channel=Channel.EMAIL,
        person={"email": "someone@example.com"},
        activity=IncomingActivity(kind=Kind.EMAIL, subject="Re: proposal"),
        thread_refs=("<abc@mail>",),
        reply_to=deal,
    )
    result = lead_capture(actor=ana, incoming=incoming)
    assert (result.outcome, result.deal, result.activity.deal) == (Outcome.ATTACHED, deal, deal)
    assert result.activity.payload["intake"]["thread_refs"] == ["<abc@mail>"]


def test_files_of_allowed_types_are_stored_on_the_message_others_are_named(ana, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    files = (Attachment("quote.pdf", "application/pdf", b"%PDF-1.4 hello"), Attachment("x.exe", "", b"MZ\x90"))
    result = capture(ana, {"first_name": "Ari"}, activity=message(), attachments=files)
    (stored,) = result.activity.attachments.all()
    assert (stored.name, stored.content_type, stored.size) == ("quote.pdf", "application/pdf", 14)
    assert result.activity.payload["intake"]["skipped_files"] == ["x.exe"]


def test_the_hand_over_runs_after_commit(ana, django_capture_on_commit_callbacks, monkeypatch):
    seen = []
    monkeypatch.setattr("funil.intake.capture.after_capture", seen.append)
    with django_capture_on_commit_callbacks(execute=True):
        result = capture(ana, {"first_name": "Eva"})
    assert seen == [result]


def test_consent_is_recorded_with_where_it_was_given(ana):
    incoming = Incoming(channel=Channel.WEB_FORM, person={"first_name": "Eva"}, consent=True, consent_text="Newsletter")
    lead = lead_capture(actor=ana, incoming=incoming).lead
    assert (lead.marketing_consent, lead.consent_source) == (True, "web_form: Newsletter")
    assert lead.consent_at is not None and not Deal.objects.exists()
