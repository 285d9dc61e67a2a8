import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from funil.core import scheduler
from funil.core.models import PeriodicJobState


def test_a_due_job_is_enqueued_once_and_then_waits_for_its_interval(db):
    from django_tasks_db.models import DBTaskResult

    first = scheduler.tick(worker_id="a")
    again = scheduler.tick(worker_id="b")
    assert "followup-reminders" in first
    assert again == []
    assert DBTaskResult.objects.count() == len(first)  # enqueued in the electing transaction
    # A minute later (on the database's clock) the job is due again.
    PeriodicJobState.objects.update(last_run_at=timezone.now() - timedelta(minutes=2))
    later = scheduler.tick(worker_id="b")
    assert "followup-reminders" in later
    assert PeriodicJobState.objects.get(name="followup-reminders").last_enqueued_by == "b"


def test_a_failing_job_does_not_hold_back_the_others(db, monkeypatch):
    class BrokenTask:
        def enqueue(self):
            raise RuntimeError("queue down")

    job = scheduler._JOBS["followup-reminders"]
    monkeypatch.setitem(scheduler._JOBS, job.name, scheduler.PeriodicJob(job.name, job.every, BrokenTask()))
    enqueued = scheduler.tick(worker_id="a")
    assert "followup-reminders" not in enqueued and "prune-task-results" in enqueued
    assert PeriodicJobState.objects.get(name="followup-reminders").last_run_at is None


def test_every_registered_job_has_a_task_and_an_interval():
    names = {job.name for job in scheduler.jobs()}
    assert {"followup-reminders", "prune-task-results"} <= names
    assert all(job.every.total_seconds() > 0 for job in scheduler.jobs())


@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_enqueue_each_tick_once():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL; SQLite serialises them by design")
    results: list[list[str]] = []
    barrier = threading.Barrier(4)

    def worker(n: int) -> None:
        barrier.wait()
        try:
            results.append(scheduler.tick(worker_id=f"w{n}"))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    enqueued = [name for names in results for name in names]
    assert sorted(enqueued) == sorted(job.name for job in scheduler.jobs())
