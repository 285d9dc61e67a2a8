"""Rate counters are shared by every server process: a database table by default, Redis when the deployment
runs it; both count each key per window, and old windows are cleaned up."""

import pytest

from funil.intake.webforms import ratelimit
from funil.intake.webforms.models import RateCounter
from funil.intake.webforms.tasks import forget_old_rate_counters

NOW = 1_800_000_000.0


def _limits(tag: str) -> list[ratelimit.Limit]:
    return [ratelimit.Limit(f"t:{tag}:form", 3, 60), ratelimit.Limit(f"t:{tag}:ip", 2, 3600)]


@pytest.mark.django_db
def test_the_database_counts_each_key_in_its_window():
    assert [ratelimit.allowed(_limits("db"), now=NOW) for _ in range(3)] == [True, True, False]
    assert ratelimit.allowed([ratelimit.Limit("t:db:form", 3, 60)], now=NOW + 60)  # a new minute
    counts = dict(RateCounter.objects.values_list("key", "count").filter(window_start__lte=NOW))
    assert counts == {"t:db:form": 3, "t:db:ip": 3}
    assert ratelimit.allowed([ratelimit.Limit("t:db:none", 0, 60)] * 5, now=NOW)  # 0 is no limit, nothing stored
    assert not RateCounter.objects.filter(key="t:db:none").exists()


@pytest.mark.django_db
def test_old_windows_are_forgotten_by_the_recurring_job():
    ratelimit.allowed(_limits("old"), now=ratelimit.clock() - 3 * 3600)
    ratelimit.allowed(_limits("new"), now=ratelimit.clock())
    forget_old_rate_counters.call()
    assert set(RateCounter.objects.values_list("key", flat=True)) == {"t:new:form", "t:new:ip"}


def _redis_or_skip():
    try:
        import redis

        client = redis.Redis.from_url("redis://127.0.0.1:6379/0", socket_connect_timeout=0.5)
        client.ping()
    except Exception as exc:  # any failure means no Redis here
        pytest.skip(f"Redis is not reachable on 127.0.0.1:6379 ({exc})")
    return client


@pytest.mark.django_db
def test_redis_counts_when_the_deployment_runs_it(settings):
    client = _redis_or_skip()
    settings.TASK_BACKEND = "redis"
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"
    ratelimit._redis.cache_clear()
    tag = f"redis{id(client)}"
    try:
        assert [ratelimit.allowed(_limits(tag), now=NOW) for _ in range(3)] == [True, True, False]
        assert not RateCounter.objects.exists()
        assert 0 < client.ttl(f"funil:rate:t:{tag}:ip:{int(NOW // 3600) * 3600}") <= 7200
    finally:
        client.delete(*client.keys(f"funil:rate:t:{tag}:*"))
        ratelimit._redis.cache_clear()


@pytest.mark.django_db
def test_an_unreachable_redis_does_not_lose_leads(settings):
    settings.TASK_BACKEND = "redis"
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    ratelimit._redis.cache_clear()
    try:
        assert all(ratelimit.allowed(_limits("down"), now=NOW) for _ in range(5))
    finally:
        ratelimit._redis.cache_clear()
