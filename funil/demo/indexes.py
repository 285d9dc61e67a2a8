"""Dropping secondary indexes and foreign keys around a very large load, and restoring them once after
(PostgreSQL). Maintaining indexes row by row, and checking each row's foreign keys by trigger, costs far
more than building each index once and validating each foreign key with one join over the loaded table.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, models

_FOREIGN_KEYS = """
    SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
    WHERE conrelid = %s::regclass AND contype = 'f'
"""
_PLAIN_INDEXES = """
    SELECT indexname, indexdef FROM pg_indexes
    WHERE tablename = %s AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)
"""


@contextmanager
def deferred_indexes(models_: list[type[models.Model]], *, enabled: bool) -> Iterator[None]:
    if not enabled or connection.vendor != "postgresql":
        yield
        return
    restore: list[str] = []
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in models_:
            table = model._meta.db_table
            cursor.execute(_FOREIGN_KEYS, [table])
            for name, definition in cursor.fetchall():
                restore.append(f"ALTER TABLE {qn(table)} ADD CONSTRAINT {qn(name)} {definition}")
                cursor.execute(f"ALTER TABLE {qn(table)} DROP CONSTRAINT {qn(name)}")
            cursor.execute(_PLAIN_INDEXES, [table, table])
            for name, definition in cursor.fetchall():
                restore.insert(0, definition)  # indexes first: they speed up the foreign-key validation
                cursor.execute(f"DROP INDEX {qn(name)}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        for statement in restore:
            cursor.execute(statement)
