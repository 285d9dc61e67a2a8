"""`funil worker`: runs background tasks, and the scheduler of recurring jobs beside them."""

import os
import socket
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from funil.core.scheduler import SchedulerThread


class Command(BaseCommand):
    help = "Run the background worker (database or Redis backend) with the recurring-job scheduler."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-scheduler", action="store_true", help="Run tasks only; another worker schedules.")
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then exit (database backend).")

    def handle(self, *args: object, **options: Any) -> None:
        worker_id = f"{socket.gethostname()}:{os.getpid()}"
        scheduler = None
        if not options["no_scheduler"]:
            scheduler = SchedulerThread(interval=settings.SCHEDULER_TICK_SECONDS, worker_id=worker_id)
            scheduler.start()
        try:
            if settings.TASK_BACKEND == "redis":
                call_command("rqworker", "default", job_class="django_tasks_rq.Job", with_scheduler=True)
            else:
                call_command("db_worker", worker_id=worker_id[:64], batch=options["batch"], no_startup_delay=True)
        finally:
            if scheduler:
                scheduler.stop()
