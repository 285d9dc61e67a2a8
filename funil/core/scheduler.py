"""Recurring jobs for `funil worker`: several workers may run, and each tick is enqueued by exactly one.

The database elects the worker: a conditional UPDATE of the job's `last_run_at` succeeds for one worker
only (a row lock on PostgreSQL, the single writer on SQLite), and only that worker enqueues the task.
"""

import logging
import threading
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, transaction
from django.db.models import Q
from django.db.models.functions import Now
from django.tasks import Task

from .models import PeriodicJobState

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every: timedelta
    task: Task


_JOBS: dict[str, PeriodicJob] = {}


def every(interval: timedelta, *, name: str | None = None):
    """Register a django.tasks task (taking no arguments) to run every `interval`."""

    def register(task: Task) -> Task:
        job_name = name or task.module_path
        _JOBS[job_name] = PeriodicJob(job_name, interval, task)
        return task

    return register


def jobs() -> list[PeriodicJob]:
    return sorted(_JOBS.values(), key=lambda j: j.name)


def tick(*, worker_id: str = "") -> list[str]:
    """Enqueue every job that is due and that this worker wins; returns the names it enqueued.

    Due-ness is judged on the database's clock, so workers whose clocks disagree still elect one winner.
    With the database task backend the task row is written in the electing transaction, so a tick is
    never lost between the election and the enqueue; with another backend a failed enqueue gives the
    tick back.
    """
    enqueued = []
    for job in jobs():
        try:
            if _elect_and_enqueue(job, worker_id):
                enqueued.append(job.name)
        except Exception:  # one job's failure must not hold back the others
            log.exception("scheduler: could not enqueue %s", job.name)
    return enqueued


def _elect_and_enqueue(job: PeriodicJob, worker_id: str) -> bool:
    PeriodicJobState.objects.get_or_create(name=job.name)
    in_database = "django_tasks_db" in settings.TASKS["default"]["BACKEND"]
    with transaction.atomic():
        state = PeriodicJobState.objects.filter(name=job.name)
        previous = state.values_list("last_run_at", flat=True).first()
        won = state.filter(Q(last_run_at__isnull=True) | Q(last_run_at__lte=Now() - job.every)).update(
            last_run_at=Now(), last_enqueued_by=worker_id[:200]
        )
        if won and in_database:
            job.task.enqueue()
    if won and not in_database:
        try:
            job.task.enqueue()
        except Exception:
            PeriodicJobState.objects.filter(name=job.name).update(last_run_at=previous)
            raise
    return bool(won)


class SchedulerThread(threading.Thread):
    """Ticks every `interval` seconds beside the task worker, until stopped."""

    def __init__(self, *, interval: float, worker_id: str) -> None:
        super().__init__(name="funil-scheduler", daemon=True)
        self.interval = interval
        self.worker_id = worker_id
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                close_old_connections()
                for name in tick(worker_id=self.worker_id):
                    log.info("scheduler: enqueued %s", name)
            except Exception:  # a broken tick must not stop the worker; the next tick retries
                log.exception("scheduler tick failed")
            self.stopped.wait(self.interval)

    def stop(self) -> None:
        self.stopped.set()
