"""Housekeeping jobs."""

from datetime import timedelta

from django.core.management import call_command
from django.tasks import task

from .scheduler import every


@every(timedelta(days=1), name="prune-task-results")
@task()
def prune_task_results() -> None:
    """Finished background-task rows are kept for a week, then removed."""
    call_command("prune_db_task_results", min_age_days=7, verbosity=0)
