import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from funil.core import scheduler
from funil.core.models import PeriodicJobState


def test_a_due_job_is_enqueued_once_and_then_waits_for_its_interval(db, django_capture_on_commit_callbacks):
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = scheduler.tick(now=now, worker_id="a")
        again = scheduler.tick(now=now + timedelta(seconds=30), worker_id="b")
    assert "followup-reminders" in first
    assert again == []
    assert len(callbacks) == len(first)
    later = scheduler.tick(now=now + timedelta(minutes=1), worker_id="b")
    assert "followup-reminders" in later
    assert PeriodicJobState.objects.get(name="followup-reminders").last_enqueued_by == "b"


def test_every_registered_job_has_a_task_and_an_interval():
    names = {job.name for job in scheduler.jobs()}
    assert {"followup-reminders", "prune-task-results"} <= names
    assert all(job.every.total_seconds() > 0 for job in scheduler.jobs())


@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_enqueue_each_tick_once():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL; SQLite serialises them by design")
    now = timezone.now()
    results: list[list[str]] = []
    barrier = threading.Barrier(4)

    def worker(n: int) -> None:
        barrier.wait()
        try:
            results.append(scheduler.tick(now=now, worker_id=f"w{n}"))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    enqueued = [name for names in results for name in names]
    assert sorted(enqueued) == sorted(job.name for job in scheduler.jobs())
