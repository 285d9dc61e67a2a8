"""Submissions counted per key in fixed windows, shared by every server process: in a database table, or in
Redis when the deployment already runs it (FUNIL_TASK_BACKEND=redis)."""

import logging
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db import connection

from .models import RateCounter

log = logging.getLogger(__name__)
clock = time.time  # replaced in tests that must not straddle a window boundary


@dataclass(frozen=True)
class Limit:
    key: str
    limit: int  # at most this many hits per window; 0 means no limit
    window_seconds: int


def allowed(limits: list[Limit], *, now: float | None = None) -> bool:
    """Count one hit on every limit and say whether all are still within bounds (a refused hit counts too,
    so a flood stays refused)."""
    active = [lim for lim in limits if lim.limit > 0]
    if not active:
        return True
    now = clock() if now is None else now
    keyed = [(lim, int(now // lim.window_seconds) * lim.window_seconds) for lim in active]
    counts = _redis_hits(keyed) if settings.TASK_BACKEND == "redis" else _db_hits(keyed)
    if counts is None:
        return True  # a broken counter store must not lose leads
    return all(count <= lim.limit for (lim, _start), count in zip(keyed, counts, strict=True))


def _db_hits(keyed: list[tuple[Limit, int]]) -> list[int]:
    """One upsert for every key: works alike on PostgreSQL and SQLite (3.35+), in autocommit, so no lock on a
    counter row outlives this statement."""
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    rows = ", ".join(["(%s, %s, 1)"] * len(keyed))
    params: list[Any] = [value for lim, start in keyed for value in (lim.key, start)]
    sql = (
        f"INSERT INTO {table} (key, window_start, count) VALUES {rows} "
        f"ON CONFLICT (key, window_start) DO UPDATE SET count = {table}.count + 1 RETURNING key, count"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = dict(cursor.fetchall())
    return [found[lim.key] for lim, _start in keyed]


@lru_cache(maxsize=1)
def _redis() -> Any:
    import redis

    return redis.Redis.from_url(settings.REDIS_URL, socket_timeout=0.5, socket_connect_timeout=0.5)


def _redis_hits(keyed: list[tuple[Limit, int]]) -> list[int] | None:
    try:
        pipe = _redis().pipeline(transaction=False)
        for lim, start in keyed:
            name = f"funil:rate:{lim.key}:{start}"
            pipe.incr(name)
            pipe.expire(name, lim.window_seconds * 2)
        replies = pipe.execute()
    except Exception as exc:  # Redis down or unreachable: fail open, and say so
        log.warning("rate limit: Redis unavailable, not limiting (%s)", exc)
        return None
    return [int(n) for n in replies[0::2]]


def forget_old(*, older_than_seconds: int = 2 * 3600, now: float | None = None) -> int:
    """Delete counters of windows that ended long ago (the longest window is an hour)."""
    now = clock() if now is None else now
    deleted, _ = RateCounter.objects.filter(window_start__lt=now - older_than_seconds).delete()
    return deleted
