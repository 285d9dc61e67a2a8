"""The inbound email gateway end to end: real messages POSTed as an MTA pipe delivers them."""

import pytest

from funil.activities.models import Activity, Attachment, Kind
from funil.intake.mail.models import KnownMessage
from funil.leads.models import Lead

from .conftest import message


def email_activity(lead):
    return Activity.objects.get(lead=lead, kind=Kind.EMAIL)


def test_a_plain_message_creates_a_lead_named_after_the_sender(gateway, post_mail):
    response = post_mail(gateway, message("plain.eml"))
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["outcome"], body["message_id"]) == ("created", "CAF1x0mE-plain-0001@mail.example.com.br")
    lead = Lead.objects.get(pk=body["lead"])
    assert (lead.first_name, lead.last_name) == ("Fernanda", "Lima")
    assert (lead.email, lead.email_normalized) == ("Fernanda.Lima@Example.com.br", "fernanda.lima@example.com.br")
    assert lead.source is not None and lead.source.kind == "email"
    mail = email_activity(lead)
    assert (mail.subject, mail.direction, mail.channel, mail.actor_label) == (
        "Orçamento para 50 licenças",
        "in",
        "email",
        "Sales inbox",
    )
    assert mail.body.startswith("Olá,\n\nGostaria de um orçamento para 50 licenças")
    assert mail.payload["to"] == ["vendas@acme.example.com"]
    assert KnownMessage.objects.get(message_id=body["message_id"]).lead == lead
    gateway.refresh_from_db()
    assert (gateway.received_count, gateway.captured_count, gateway.refused_count) == (1, 1, 0)


def test_an_html_only_message_becomes_safe_text(gateway, post_mail):
    response = post_mail(gateway, message("html_only.eml"), auth="hmac")
    assert response.status_code == 200, response.content
    text = email_activity(Lead.objects.get()).body
    assert "Hello & good morning," in text and "• Pro plan <annual>" in text
    assert "our RFP (https://mendes-consultoria.example/rfp)" in text
    assert "We would like a proposal for:\n- 3 seats\n- onboarding" in text
    for gone in ("alert", "stolen", "color: red", "hidden style", "Ignore this title", "javascript", "<p>", "enable"):
        assert gone not in text


def test_a_message_with_files_keeps_the_allowed_ones_and_notes_the_refused(gateway, post_mail):
    response = post_mail(gateway, message("multipart_attachment.eml"))
    assert response.status_code == 200, response.content
    mail = email_activity(Lead.objects.get())
    assert mail.body == "Segue a planta em anexo. Precisamos de 12 estações."
    assert mail.payload["attachments"] == ["planta.pdf"]  # the embedded logo is part of the HTML, not a file
    refused = {r["name"]: r["code"] for r in mail.payload["attachments_refused"]}
    assert refused == {"setup.exe": "attachment_type_not_allowed", "fake.pdf": "attachment_type_not_allowed"}
    stored = Attachment.objects.filter(workspace=gateway.workspace)
    assert [(a.name, a.content_type) for a in stored] == [("planta.pdf", "application/pdf")], (
        "intake's core does not store Incoming.attachments yet"
    )


def test_a_latin_1_message_is_read_in_its_charset(gateway, post_mail):
    assert post_mail(gateway, message("latin1.eml")).status_code == 200
    lead = Lead.objects.get()
    assert (lead.first_name, lead.last_name) == ("João", "Gonçalves")
    mail = email_activity(lead)
    assert mail.subject == "Preço do serviço"
    assert mail.body == "Bom dia, qual é o preço? Atenção: só às terças."


def test_a_message_whose_charset_is_unknown_is_still_read(gateway, post_mail):
    assert post_mail(gateway, message("unknown_charset.eml")).status_code == 200
    assert email_activity(Lead.objects.get()).body == "Olá mundo"


def test_curls_default_form_content_type_does_not_get_in_the_way(client, gateway):
    # `curl --data-binary @message.eml` without -H Content-Type sends application/x-www-form-urlencoded.
    response = client.post(
        f"/in/mail/{gateway.public_id}/",
        message("plain.eml"),
        content_type="application/x-www-form-urlencoded",
        headers={"Authorization": f"Bearer {gateway.secret_shown}"},
    )
    assert response.status_code == 200 and response.json()["outcome"] == "created"


def test_an_automatic_reply_creates_nothing(gateway, post_mail):
    response = post_mail(gateway, message("auto_reply.eml"))
    assert response.status_code == 200
    assert (response.json()["outcome"], response.json()["reason"]) == ("ignored", "auto_submitted")
    assert not Lead.objects.exists()


def test_the_same_message_delivered_twice_is_captured_once(gateway, post_mail):
    first = post_mail(gateway, message("plain.eml")).json()
    again = post_mail(gateway, message("plain.eml")).json()
    assert again["outcome"] == "replayed", "intake's replay safety has not landed yet"
    assert again["lead"] == first["lead"] and Lead.objects.count() == 1


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"   \r\n",
        b"this is not an e-mail at all",
        b"Subject: no sender\r\n\r\nbody",
        b"From: nobody\r\nSubject: x\r\n\r\nbody",
        b"From: =?utf-8?q?broken?= <>\r\n\r\n",
        b"\x00\xff\xfe" * 100,
        b"From: \r\n\r\n",
    ],
    ids=["empty", "blank", "prose", "no-from", "from-without-address", "empty-address", "binary", "empty-from"],
)
def test_a_malformed_message_is_400_never_500(gateway, post_mail, raw):
    response = post_mail(gateway, raw)
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "payload_malformed"
    assert not Lead.objects.exists()


def test_a_sender_address_intake_refuses_is_422_with_the_field(gateway, post_mail):
    response = post_mail(gateway, b"From: Someone <someone@-bad-.com>\r\nSubject: x\r\n\r\nbody\r\n")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "email"
    assert not Lead.objects.exists()


def test_an_oversized_message_is_413_before_it_is_read(settings, gateway, post_mail):
    settings.FUNIL_INBOUND_MAIL_MAX_BYTES = 2048
    response = post_mail(gateway, message("plain.eml") + b"x" * 4096)
    assert response.status_code == 413 and response.json()["code"] == "payload_too_large"
    assert not Lead.objects.exists()


def test_a_missing_or_wrong_token_or_signature_is_401(client, gateway, post_mail):
    raw = message("plain.eml")
    assert post_mail(gateway, raw, auth="none").status_code == 401
    assert post_mail(gateway, raw, token="wrong").status_code == 401
    assert post_mail(gateway, raw, auth="hmac", token="wrong").status_code == 401
    basic = client.post(
        f"/in/mail/{gateway.public_id}/", raw, content_type="message/rfc822", headers={"Authorization": "Basic eDp5"}
    )
    assert basic.status_code == 401
    assert not Lead.objects.exists()
    gateway.refresh_from_db()
    assert gateway.refused_count == 4 and "does not match" in gateway.last_error


def test_unknown_and_wrong_kind_addresses_are_404(client, ana, gateway, post_mail):
    from funil.intake.webhooks.services import integration_create, integration_set_active

    hook, _secret = integration_create(actor=ana, data={"kind": "generic", "name": "Chat"})
    response = client.post(f"/in/mail/{hook.public_id}/", b"x", content_type="message/rfc822")
    assert response.status_code == 404
    integration_set_active(actor=ana, integration=gateway, active=False)
    assert post_mail(gateway, message("plain.eml")).status_code == 404
    assert client.get(f"/in/mail/{hook.public_id}/").status_code == 404


def test_another_workspaces_gateway_files_into_that_workspace_only(carla, gateway, post_mail):
    from funil.intake.webhooks.services import integration_create

    theirs, secret = integration_create(actor=carla, data={"kind": "email_gateway", "name": "Globex inbox"})
    theirs.secret_shown = secret
    assert post_mail(gateway, message("plain.eml"), token=secret).status_code == 401  # their secret, our door
    assert post_mail(theirs, message("plain.eml")).status_code == 200
    lead = Lead.objects.get()
    assert lead.workspace == carla.workspace
