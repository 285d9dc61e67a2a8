"""Bulk insertion for generated data: COPY on PostgreSQL, executemany on SQLite.

Rows are dicts of attname -> value; missing columns get the model field's default, so generators only
spell out what matters. Ids are reserved up front, so rows can reference each other without round trips.
"""

import json
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from django.db import connection, models

_BATCH = 5_000


class TableWriter:
    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields]
        self.columns = [f.column for f in self.fields]
        self.attnames = [f.attname for f in self.fields]
        self.defaults = [_default(f) for f in self.fields]
        self.json_columns = {i for i, f in enumerate(self.fields) if isinstance(f, models.JSONField)}
        self.table = model._meta.db_table
        self.count = 0

    def tuples(self, rows: Iterable[dict[str, Any]]) -> Iterator[tuple[Any, ...]]:
        names, defaults, json_cols = self.attnames, self.defaults, self.json_columns
        for row in rows:
            values = [row.get(n, d) for n, d in zip(names, defaults, strict=True)]
            for i in json_cols:
                values[i] = json.dumps(values[i])
            yield tuple(values)

    def write(self, rows: Iterable[dict[str, Any]]) -> int:
        if connection.vendor == "postgresql":
            return self._copy(rows)
        return self._insert(rows)

    def _copy(self, rows: Iterable[dict[str, Any]]) -> int:
        quoted = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        n = 0
        with connection.cursor() as cursor:
            raw = cursor.cursor  # the psycopg cursor under Django's wrapper
            with raw.copy(f"COPY {connection.ops.quote_name(self.table)} ({quoted}) FROM STDIN") as copy:
                for values in self.tuples(rows):
                    copy.write_row(values)
                    n += 1
        self.count += n
        return n

    def _insert(self, rows: Iterable[dict[str, Any]]) -> int:
        placeholders = ", ".join(["%s"] * len(self.columns))
        quoted = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        sql = f"INSERT INTO {connection.ops.quote_name(self.table)} ({quoted}) VALUES ({placeholders})"
        prep = [_sqlite_prep(f) for f in self.fields]
        n = 0
        iterator = self.tuples(rows)
        with connection.cursor() as cursor:
            while batch := list(islice(iterator, _BATCH)):
                cursor.executemany(sql, [tuple(p(v) for p, v in zip(prep, t, strict=True)) for t in batch])
                n += len(batch)
        self.count += n
        return n


def _default(field: models.Field) -> Any:  # type: ignore[type-arg]
    if field.has_default():
        return field.get_default()
    return None if field.null else ("" if field.empty_strings_allowed else None)


def _sqlite_prep(field: models.Field):  # type: ignore[no-untyped-def,type-arg]
    if isinstance(field, models.JSONField):
        return lambda v: v  # already a JSON string
    if isinstance(field, models.DateTimeField | models.DateField | models.DecimalField):
        return lambda v: field.get_db_prep_save(v, connection)
    return lambda v: v


def reserve_ids(model: type[models.Model], n: int) -> int:
    """Reserve `n` consecutive primary keys and return the first one."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            seq = cursor.fetchone()[0]
            # Move the sequence past the block in one statement, so concurrent inserts cannot collide with it.
            cursor.execute("SELECT setval(%s, nextval(%s) + %s - 1)", [seq, seq, n])
            last = cursor.fetchone()[0]
            return int(last) - n + 1
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")
        return int(cursor.fetchone()[0]) + 1
