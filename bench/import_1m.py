"""Importing a CRM export: a CSV of BENCH_IMPORT_ROWS leads (1,000,000 by default) with Salesforce-style
headers and about 3% duplicates, through the real import job (mapping, normalisation, matching inside the
file and against the database, timeline entries), on PostgreSQL then on SQLite, each into a fresh database.
Prints `import_1m: N s (R rows/s), peak RSS M MB`, `import_vs_copy: X` (our time over a bare COPY of the same
file into a table of the same columns) and `import_1m_sqlite: N s`. The import runs in a child process, so its
peak RSS is its own."""

import csv
import io
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, database_url, ensure_database

ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "1000000"))
HEADERS = [
    "First Name",
    "Last Name",
    "Company",
    "Title",
    "Email",
    "Phone",
    "Mobile Phone",
    "City",
    "State/Province",
    "Country",
    "Lead Source",
    "Created Date",
    "Annual Revenue",
    "Description",
]
FIRST = ["Ana", "Bruno", "Carla", "Diego", "Elena", "Fábio", "Gabriela", "Hugo", "Inês", "João", "Lucía", "Marta"]
LAST = ["Silva", "Souza", "Oliveira", "Pereira", "García", "Martínez", "López", "Costa", "Rodrigues", "Almeida"]
CITIES = [
    ("São Paulo", "SP", "Brasil"),
    ("Rio de Janeiro", "RJ", "Brasil"),
    ("Madrid", "MD", "España"),
    ("Lisboa", "LX", "Portugal"),
    ("Curitiba", "PR", "Brasil"),
]
SOURCES = ["Website", "Referral", "Advertising", "Email", "Trade show"]


def make_file(path: Path, rows: int) -> None:
    """Deterministic: row i is person i, except ~3% that repeat an earlier person (new casing, same email)."""
    rng = random.Random(7)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(HEADERS)
        for i in range(rows):
            person = rng.randrange(max(i, 1)) if i > 100 and rng.random() < 0.03 else i
            city, region, country = CITIES[person % len(CITIES)]
            writer.writerow(
                [
                    FIRST[person % len(FIRST)],
                    f"{LAST[person % len(LAST)]} {person}",
                    f"Empresa {person // 7} Ltda",
                    "Gerente",
                    f"Pessoa.{person}@empresa{person // 7}.com.br"
                    if person % 2
                    else f"pessoa.{person}@empresa{person // 7}.com.br",
                    f"(11) 3{person % 10_000_000:07d}",
                    f"+55 21 9{person % 100_000_000:08d}",
                    city,
                    region,
                    country,
                    SOURCES[person % len(SOURCES)],
                    f"{1 + person % 28:02d}/{1 + person % 12:02d}/2024",
                    f"R$ {person % 900 + 100}.000,00",
                    "Quer uma proposta",
                ]
            )


def child(url: str, path: str) -> None:
    """In the child: a fresh workspace, then the import job as `funil import` runs it."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "funil.settings")
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", "--no-input", verbosity=0)
    call_command(
        "createworkspace", "Bench import", "--admin-email", "admin@bench.example", "--password", "bench-pass-1"
    )
    started = time.perf_counter()
    call_command(
        "import",
        path,
        "--kind",
        "leads",
        "--workspace",
        "Bench import",
        stdout=sys.stderr,
        stderr=io.StringIO(),  # the progress bar
    )
    seconds = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{seconds:.3f} {rss:.0f}")


def run_child(url: str, path: Path) -> tuple[float, float]:
    done = subprocess.run([sys.executable, __file__, "--child", url, str(path)], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"the import failed:\n{done.stderr[-3000:]}")
    sys.stderr.write(done.stderr[-600:])
    seconds, rss = done.stdout.split()[-2:]
    return float(seconds), float(rss)


def copy_seconds(url: str, path: Path) -> float:
    import psycopg

    columns = ", ".join(f"c{i} text" for i in range(len(HEADERS)))
    with psycopg.connect(url.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_copy")
        conn.execute(f"CREATE TABLE bench_copy ({columns})")
        started = time.perf_counter()
        statement = "COPY bench_copy FROM STDIN (FORMAT csv, HEADER true)"
        with conn.cursor() as cursor, cursor.copy(statement) as copy, path.open("rb") as source:
            while block := source.read(1 << 20):
                copy.write(block)
        seconds = time.perf_counter() - started
        conn.execute("DROP TABLE bench_copy")
    return seconds


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="funil-import-bench-"))
    path = folder / "salesforce-leads.csv"
    make_file(path, ROWS)
    label = "import_1m" if ROWS == 1_000_000 else f"import_{ROWS}"
    url = database_url("funil_bench_import")
    ensure_database(url, fresh=True)
    seconds, rss = run_child(url, path)
    print(f"{label}: {seconds:.1f} s ({ROWS / seconds:.0f} rows/s), peak RSS {rss:.0f} MB", flush=True)
    print(f"import_vs_copy: {seconds / copy_seconds(url, path):.1f}", flush=True)
    sqlite = folder / "bench.sqlite3"
    seconds, rss = run_child(f"sqlite:///{sqlite}", path)
    print(f"{label}_sqlite: {seconds:.1f} s ({ROWS / seconds:.0f} rows/s), peak RSS {rss:.0f} MB", flush=True)
    for leftover in folder.iterdir():
        leftover.unlink()
    folder.rmdir()


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
    else:
        main()
