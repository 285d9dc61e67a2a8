"""Intake housekeeping: old deliveries are forgotten, so the replay table stays small."""

from datetime import timedelta

from django.tasks import task

from funil.core.scheduler import every

from .replay import deliveries_prune


@every(timedelta(hours=1), name="prune-intake-deliveries")
@task()
def prune_deliveries() -> None:
    deliveries_prune()
