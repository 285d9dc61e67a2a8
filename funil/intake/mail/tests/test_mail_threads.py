"""Replies: a message whose In-Reply-To or References name a message Funil knows lands on that record."""

from funil.activities.models import Activity, Kind
from funil.intake.mail.models import KnownMessage
from funil.intake.mail.parse import parse_mail
from funil.intake.mail.receive import _incoming
from funil.intake.mail.threads import thread_record
from funil.leads.models import Lead
from funil.testing.factories import make_lead

from .conftest import message


def test_a_reply_from_another_address_lands_on_the_lead_of_its_thread(gateway, post_mail):
    first = post_mail(gateway, message("plain.eml")).json()
    lead = Lead.objects.get(pk=first["lead"])
    reply = post_mail(gateway, message("reply_other_address.eml"))
    assert reply.status_code == 200
    assert reply.json()["lead"] == lead.pk, "intake's core does not attach to Incoming.reply_to yet"
    assert Lead.objects.count() == 1
    subjects = list(Activity.objects.filter(lead=lead, kind=Kind.EMAIL).values_list("subject", flat=True))
    assert sorted(subjects) == ["Orçamento para 50 licenças", "Re: Re: Orcamento"]
    assert KnownMessage.objects.get(message_id="personal-0006@example.net").lead == lead


def test_the_thread_is_found_by_the_nearest_known_reference(ana, gateway):
    older, newer = make_lead(ana), make_lead(ana)
    KnownMessage.objects.create(
        workspace=ana.workspace, message_id="CAF1x0mE-plain-0001@mail.example.com.br", lead=older
    )
    KnownMessage.objects.create(
        workspace=ana.workspace, message_id="CAF1x0mE-reply-0005@mail.example.com.br", lead=newer
    )
    incoming = _incoming(gateway, parse_mail(message("reply_other_address.eml")), b"")
    assert incoming.reply_to == newer
    assert incoming.thread_refs[0] == "unknown-to-funil@example.net"
    assert incoming.idempotency_key == "personal-0006@example.net"


def test_a_thread_of_another_workspace_is_not_followed(ana, carla):
    lead = make_lead(ana)
    KnownMessage.objects.create(workspace=ana.workspace, message_id="m@x", lead=lead)
    assert thread_record(carla.workspace, ["m@x"]) is None
    assert thread_record(ana.workspace, ["m@x"]) == lead


def test_a_converted_leads_thread_carries_on_with_its_contact(ana):
    from funil.leads.services import lead_convert

    lead = make_lead(ana, company_name="Padaria")
    conversion = lead_convert(actor=ana, lead=lead, expected_version=lead.version)
    KnownMessage.objects.create(workspace=ana.workspace, message_id="m@x", lead=lead)
    assert thread_record(ana.workspace, ["m@x"]) == conversion.contact


def test_a_message_without_message_id_is_keyed_by_its_content(gateway):
    raw = b"From: a@example.com\r\nSubject: x\r\n\r\nbody\r\n"
    key = _incoming(gateway, parse_mail(raw), raw).idempotency_key
    assert key.startswith("sha256:") and key == _incoming(gateway, parse_mail(raw), raw).idempotency_key


def test_a_very_long_message_id_is_kept_as_a_digest(gateway):
    long_id = "x" * 300 + "@example.com"
    raw = f"From: a@example.com\r\nMessage-ID: <{long_id}>\r\n\r\nbody\r\n".encode()
    key = _incoming(gateway, parse_mail(raw), raw).idempotency_key
    assert key.startswith("sha256:") and len(key) == 71
