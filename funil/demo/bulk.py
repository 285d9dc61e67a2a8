"""Loading generated rows: COPY on PostgreSQL (chunks generated in parallel processes), executemany on SQLite."""

import json
import multiprocessing
import tempfile
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

from django.db import connection, models

from .generator import COLUMNS, Generator, IdBlocks

# Generated text never holds these control characters, so they stand for the separators and NULL while the
# whole chunk is escaped in one pass (one C call instead of one per value).
_SEP, _NULL, _EOL = "\x00", "\x01", "\x02"


def _value(v: Any) -> str:
    t = type(v)
    if t is str:
        return v
    if v is None:
        return _NULL
    if t is int or t is Decimal:
        return str(v)
    if t is datetime or t is date:
        return v.isoformat()
    if t is bool:
        return "t" if v else "f"
    if t is dict or t is list:
        return json.dumps(v, ensure_ascii=False) if v else ("{}" if t is dict else "[]")
    return str(v)


def copy_text(rows: list[tuple[Any, ...]]) -> bytes:
    """Rows in PostgreSQL's COPY text format."""
    body = _EOL.join(_SEP.join(map(_value, row)) for row in rows) + _EOL
    # str.replace scans at C speed; str.translate falls back to a per-character lookup on non-ASCII text.
    body = body.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return body.replace(_SEP, "\t").replace(_NULL, "\\N").replace(_EOL, "\n").encode()


def _chunk_as_text(args: tuple[Generator, int, IdBlocks]) -> dict[str, bytes]:
    gen, k, ids = args
    return {table: copy_text(rows) for table, rows in gen.chunk(k, ids).items() if rows}


def _quoted(table: str, columns: tuple[str, ...]) -> str:
    qn = connection.ops.quote_name
    return f"{qn(table)} ({', '.join(qn(c) for c in columns)})"


def load(
    gen: Generator, ids: IdBlocks, tables: dict[str, type[models.Model]], progress: Callable[[str], None]
) -> dict[str, int]:
    """Generate and load every chunk; returns rows loaded per table."""
    if connection.vendor == "postgresql":
        return _load_postgresql(gen, ids, tables, progress)
    return _load_sqlite(gen, ids, tables)


def _load_postgresql(
    gen: Generator, ids: IdBlocks, tables: dict[str, type[models.Model]], progress: Callable[[str], None]
) -> dict[str, int]:
    """The timeline (most rows) streams into COPY while chunks are generated; the other tables are spooled
    to temporary files and copied afterwards, as one connection runs one COPY at a time."""
    streamed = "activity"
    spools: dict[str, IO[bytes]] = {t: tempfile.TemporaryFile() for t in COLUMNS if t != streamed}  # noqa: SIM115
    counts = dict.fromkeys(COLUMNS, 0)
    tasks = [(gen, k, ids) for k in range(gen.chunks)]
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY {_quoted(tables[streamed]._meta.db_table, COLUMNS[streamed])} FROM STDIN") as copy:
            if gen.chunks > 1:
                # Generation is the slow part and each chunk is independent: use every core for it.
                with multiprocessing.get_context("spawn").Pool(processes=max(2, multiprocessing.cpu_count())) as pool:
                    _consume(pool.imap(_chunk_as_text, tasks), copy, streamed, spools, counts, progress)
            else:
                _consume(map(_chunk_as_text, tasks), copy, streamed, spools, counts, progress)
        for table, spool in spools.items():
            spool.seek(0)
            with raw.copy(f"COPY {_quoted(tables[table]._meta.db_table, COLUMNS[table])} FROM STDIN") as copy:
                while block := spool.read(1 << 20):
                    copy.write(block)
            spool.close()
    return counts


def _consume(
    results: Any,
    copy: Any,
    streamed: str,
    spools: dict[str, IO[bytes]],
    counts: dict[str, int],
    progress: Callable[[str], None],
) -> None:
    for done, chunk in enumerate(results, start=1):
        for table, data in chunk.items():
            (copy if table == streamed else spools[table]).write(data)
            counts[table] += data.count(b"\n")
        if done % 20 == 0:
            progress(f"  generated {done} chunks")


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _load_sqlite(gen: Generator, ids: IdBlocks, tables: dict[str, type[models.Model]]) -> dict[str, int]:
    counts = dict.fromkeys(COLUMNS, 0)
    with connection.cursor() as cursor:
        for k in range(gen.chunks):
            for table, rows in gen.chunk(k, ids).items():
                columns = COLUMNS[table]
                marks = ", ".join(["%s"] * len(columns))
                sql = f"INSERT INTO {_quoted(tables[table]._meta.db_table, columns)} VALUES ({marks})"
                cursor.executemany(sql, [tuple(map(_sqlite_value, row)) for row in rows])
                counts[table] += len(rows)
    return counts


def reserve_ids(model: type[models.Model], n: int) -> int:
    """Reserve `n` consecutive primary keys and return the first one."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            seq = cursor.fetchone()[0]
            # Move the sequence past the block in one statement, so concurrent inserts cannot collide with it.
            cursor.execute("SELECT setval(%s, nextval(%s) + %s - 1)", [seq, seq, n])
            return int(cursor.fetchone()[0]) - n + 1
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")
        return int(cursor.fetchone()[0]) + 1
