"""Imports run in `funil worker`; a job whose worker died is picked up again by the next tick."""

from datetime import timedelta

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from funil.core.scheduler import every

from . import engine
from .models import ImportJob, ImportStatus


@task()
def run_import(job_id: int) -> None:
    engine.run(job_id)


# Checked twice per stall period, so a dead worker's import restarts soon after it is declared stalled.
@every(timedelta(seconds=max(1, settings.FUNIL_IMPORT_STALL_SECONDS // 2)), name="resume-stalled-imports")
@task()
def resume_stalled_imports() -> None:
    """Queued jobs whose task was lost, and running jobs whose worker stopped answering, start again from
    their last committed batch."""
    stalled = ImportJob.objects.filter(
        status=ImportStatus.RUNNING, heartbeat_at__lt=timezone.now() - engine.stall_after()
    )
    for job_id in stalled.values_list("pk", flat=True):
        run_import.enqueue(job_id)
