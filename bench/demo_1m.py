"""`funil demo --leads 1000000` into an empty database: one million leads, five million activities."""

import sys

from common import database_url, ensure_database, report, setup_django

LEADS = 1_000_000


def main() -> None:
    url = database_url("funil_bench_demo")
    ensure_database(url, fresh=True)
    setup_django(url)
    from funil.demo.seed import demo_load

    result = demo_load(leads=LEADS, name="Demo 1M", progress=lambda line: print(f"#{line}", file=sys.stderr))
    report("demo_1m_leads", result.seconds, "s")
    report("demo_1m_rows_per_second", sum(result.counts.values()) / result.seconds, "rows/s")
    # The check of the loaded rows against their foreign keys, which the worker runs after the load.
    import time

    from django.db import connection

    from funil.demo.indexes import validate_foreign_keys

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname FROM pg_constraint WHERE contype = 'f' AND NOT convalidated"
        )
        pairs = [[table, name] for table, name in cursor.fetchall()]
    started = time.perf_counter()
    validate_foreign_keys(pairs)
    report("demo_1m_fk_validation_after_load", time.perf_counter() - started, "s")


if __name__ == "__main__":
    main()
