"""Background tasks run on the database backend by default and on Redis (RQ) when configured."""

import uuid

import pytest
from django.tasks import task_backends

from funil.activities.tasks import send_followup_reminders


@pytest.mark.django_db(transaction=True)
def test_the_default_backend_queues_tasks_in_the_database():
    from django_tasks_db.models import DBTaskResult

    result = send_followup_reminders.enqueue()
    assert DBTaskResult.objects.filter(id=result.id).exists()


def test_redis_is_selectable_by_configuration(settings):
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url("redis://127.0.0.1:6379/15")
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    queue = f"funil-test-{uuid.uuid4().hex[:8]}"
    settings.RQ_QUEUES = {queue: {"URL": "redis://127.0.0.1:6379/15"}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [queue]}}
    task_backends._settings = None  # the handler caches its settings
    try:
        result = send_followup_reminders.using(queue_name=queue).enqueue()
        assert client.llen(f"rq:queue:{queue}") == 1
        assert result.backend == "default"
    finally:
        for key in client.scan_iter(f"rq:*{queue}*"):
            client.delete(key)
        client.delete(f"rq:job:{result.id}")
