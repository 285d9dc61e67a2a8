"""Background jobs of the timeline; each calls one domain function."""

from datetime import timedelta

from django.tasks import task

from funil.core.scheduler import every

from .reminders import followup_reminders_send


@every(timedelta(minutes=1), name="followup-reminders")
@task()
def send_followup_reminders() -> int:
    return followup_reminders_send()
