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


if __name__ == "__main__":
    main()
