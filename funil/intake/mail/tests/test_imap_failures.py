"""A message that breaks the capture is left unread for the next poll; the other messages and the other
mailboxes are still read."""

from typing import Any

from funil.intake.mail import imap
from funil.intake.webhooks.models import Integration


class FakeMailbox:
    """Just the IMAP calls the poller makes for one message: its size, its bytes, and the flags it sets."""

    def __init__(self) -> None:
        self.stored: list[tuple[str, str]] = []

    def uid(self, command: str, *args: Any) -> tuple[str, list[Any]]:
        if command == "FETCH" and args[1] == "(RFC822.SIZE)":
            return "OK", [b"1 (UID 7 RFC822.SIZE 120)"]
        if command == "FETCH":
            return "OK", [(b"1 (UID 7 BODY[] {5}", b"From: x@example.com\r\n\r\nhi")]
        if command == "STORE":
            self.stored.append((args[0], args[2]))
            return "OK", []
        raise AssertionError(command)


def test_an_unexpected_failure_leaves_the_message_unread_for_the_next_poll(ana, monkeypatch):
    def broken(**_kwargs: Any) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(imap, "mail_receive", broken)
    box, report = FakeMailbox(), imap.PollReport(Integration(workspace=ana.workspace, name="Inbox"))
    imap._one(box, report.integration, b"7", report)  # type: ignore[arg-type]
    assert box.stored == []  # no \Seen: the next poll takes it again
    assert report.refused == 1 and "RuntimeError" in report.problems[0]


def test_one_mailbox_failing_does_not_stop_the_others(ana, monkeypatch):
    first, second = Integration(workspace=ana.workspace, name="A"), Integration(workspace=ana.workspace, name="B")

    def poll(integration: Integration, *, batch: int) -> imap.PollReport:
        if integration is first:
            raise RuntimeError("boom")
        return imap.PollReport(integration)

    monkeypatch.setattr(imap, "imap_poll", poll)
    reports = imap.fetchmail(integrations=[first, second])
    assert [r.integration.name for r in reports] == ["B"]
