"""Background job: poll the IMAP mailboxes every few minutes (each poll runs the same code as `funil fetchmail`)."""

from datetime import timedelta

from django.tasks import task

from funil.core.scheduler import every

from .imap import fetchmail


@every(timedelta(minutes=2), name="fetchmail")
@task()
def fetch_mailboxes() -> int:
    """Returns how many messages were captured; a mailbox's problem is noted on its integration."""
    return sum(report.captured for report in fetchmail())
