"""Shared set-up for benchmarks: a PostgreSQL database (BENCH_DATABASE_URL) and the one-million-lead dataset,
generated once with the deterministic demo generator and reused by every later run."""

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/funil_bench"
DATASET = "Funil Bench 1M"
DATASET_LEADS = int(os.environ.get("BENCH_LEADS", "1000000"))


def database_url(name: str | None = None) -> str:
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    if name:
        parsed = urlparse(url)
        url = parsed._replace(path=f"/{name}").geturl()
    return url


def ensure_database(url: str, *, fresh: bool = False) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl().replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "funil.settings")
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", "--no-input", verbosity=0)


def ensure_dataset() -> None:
    """The shared dataset: loaded on the first run (a few minutes), found on the next ones."""
    from funil.demo.seed import demo_load

    result = demo_load(leads=DATASET_LEADS, name=DATASET, progress=lambda line: None)
    if result.created:
        print(f"# generated the {DATASET_LEADS:,}-lead dataset in {result.seconds:.0f} s", file=sys.stderr)


def measure(fn: Callable[[], object], *, repeat: int = 20, warmup: int = 2) -> float:
    """Median wall time of `fn` in milliseconds."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def report(name: str, value: float, unit: str) -> None:
    print(f"{name}: {value:.1f} {unit}", flush=True)
