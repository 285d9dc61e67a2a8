"""`funil fetchmail` against a real IMAP server (dovecot on 127.0.0.1, see imap_server.py)."""

import pytest
from django.core.management import CommandError, call_command

from funil.activities.models import Activity, Kind
from funil.core.scheduler import jobs
from funil.intake.mail import imap
from funil.intake.mail.tasks import fetch_mailboxes
from funil.intake.webhooks.services import integration_set_active
from funil.leads.models import Lead

from .conftest import message


def fetchmail() -> str:
    from io import StringIO

    out = StringIO()
    call_command("fetchmail", stdout=out)
    return out.getvalue()


def test_unseen_messages_become_leads_and_are_marked_seen(mailbox, imap_integration):
    mailbox.put(message("plain.eml"))
    mailbox.put(message("multipart_attachment.eml"))
    mailbox.put(message("latin1.eml"))
    mailbox.put(message("html_only.eml"), flags=r"(\Seen)")  # read by a person already: not Funil's
    out = fetchmail()
    assert "Vendas IMAP: 3 captured, 0 already known, 0 ignored, 0 refused" in out
    assert sorted(Lead.objects.values_list("email_normalized", flat=True)) == [
        "beatriz@nogueira-arquitetura.example",
        "fernanda.lima@example.com.br",
        "joao@padaria-goncalves.example",
    ]
    assert all(r"\Seen" in flags for flags in mailbox.flags())
    assert Activity.objects.filter(kind=Kind.EMAIL, actor_label="Vendas IMAP").count() == 3
    assert "0 captured" in fetchmail()  # nothing unseen is left
    imap_integration.refresh_from_db()
    assert (imap_integration.captured_count, imap_integration.last_error) == (3, "")


def test_a_message_funil_cannot_read_is_flagged_and_the_others_still_come_in(mailbox, imap_integration):
    mailbox.put(b"Subject: who sent this?\r\n\r\nno sender at all\r\n")
    mailbox.put(message("plain.eml"))
    assert "1 captured, 0 already known, 0 ignored, 1 refused" in fetchmail()
    flags = mailbox.flags()
    assert r"\Flagged" in flags[0] and r"\Seen" in flags[0]
    assert r"\Seen" in flags[1] and r"\Flagged" not in flags[1]
    assert Lead.objects.count() == 1


def test_the_same_message_in_the_box_twice_is_captured_once(mailbox, imap_integration):
    mailbox.put(message("plain.eml"))
    mailbox.put(message("plain.eml"))
    assert "1 captured, 1 already known" in fetchmail()
    assert Lead.objects.count() == 1


def test_auto_replies_are_marked_seen_and_create_nothing(mailbox, imap_integration):
    mailbox.put(message("auto_reply.eml"))
    assert "0 captured, 0 already known, 1 ignored" in fetchmail()
    assert not Lead.objects.exists() and r"\Seen" in mailbox.flags()[0]


def test_a_message_over_the_size_limit_is_flagged_not_read(settings, mailbox, imap_integration):
    settings.FUNIL_INBOUND_MAIL_MAX_BYTES = 500
    mailbox.put(message("plain.eml") + b"x" * 1000)
    assert "1 refused" in fetchmail()
    assert r"\Flagged" in mailbox.flags()[0] and not Lead.objects.exists()


def test_a_message_stays_unseen_when_funil_fails_before_the_capture_commits(monkeypatch, mailbox, imap_integration):
    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(imap, "mail_receive", broken)
    mailbox.put(message("plain.eml"))
    assert "1 refused" in fetchmail()  # reported, and the poll goes on
    assert r"\Seen" not in mailbox.flags()[0]  # the next poll takes it again
    monkeypatch.undo()
    assert "1 captured" in fetchmail()


def test_a_wrong_password_is_reported_on_the_integration_and_fails_the_command(ana, mailbox, imap_integration):
    from funil.intake.webhooks.services import integration_update

    settings = {**imap_integration.settings, "password": "wrong"}
    integration_update(actor=ana, integration=imap_integration, changes={"settings": settings})
    mailbox.put(message("plain.eml"))
    with pytest.raises(CommandError):
        fetchmail()
    imap_integration.refresh_from_db()
    assert imap_integration.last_error.startswith("Mailbox error") and not Lead.objects.exists()
    assert r"\Seen" not in mailbox.flags()[0]


def test_an_unreachable_server_and_a_missing_folder_are_reported_not_raised(ana, mailbox, imap_integration):
    from funil.intake.webhooks.services import integration_update

    settings = {**imap_integration.settings, "folder": "Nope"}
    integration = integration_update(actor=ana, integration=imap_integration, changes={"settings": settings})
    report = imap.imap_poll(integration)
    assert "Nope" in report.error or "Mailbox error" in report.error
    integration.settings["port"] = 1
    assert imap.imap_poll(integration).error.startswith("Mailbox error")


def test_a_deactivated_mailbox_is_not_polled_and_the_periodic_job_polls_the_rest(ana, mailbox, imap_integration):
    mailbox.put(message("plain.eml"))
    integration_set_active(actor=ana, integration=imap_integration, active=False)
    assert "No active IMAP integration." in fetchmail()
    integration_set_active(actor=ana, integration=imap_integration, active=True)
    assert "fetchmail" in [job.name for job in jobs()]
    assert fetch_mailboxes.call() == 1
    assert Lead.objects.count() == 1


def test_one_mailbox_can_be_polled_by_its_number(mailbox, imap_integration):
    mailbox.put(message("plain.eml"))
    from io import StringIO

    out = StringIO()
    call_command("fetchmail", "--integration", str(imap_integration.pk), stdout=out)
    assert "1 captured" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("fetchmail", "--integration", "999999")
    with pytest.raises(CommandError):
        call_command("fetchmail", "--integration", "not-a-uuid")
