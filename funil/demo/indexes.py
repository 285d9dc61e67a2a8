"""Dropping secondary indexes and foreign keys around a very large load, and restoring them once after
(PostgreSQL). Maintaining indexes row by row, and checking each row's foreign keys by trigger, costs far
more than building each index once.

Foreign keys come back NOT VALID: enforced at once for every new write, while the check of the rows just
loaded (a scan per key, VALIDATE CONSTRAINT, which blocks neither reads nor writes) runs after the commit,
as PostgreSQL's documentation advises for large tables. `validate_foreign_keys` does it.
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
def deferred_indexes(
    models_: list[type[models.Model]], *, enabled: bool, unvalidated: list[list[str]] | None = None
) -> Iterator[None]:
    """`unvalidated` receives the [table, constraint] pairs restored NOT VALID."""
    if not enabled or connection.vendor != "postgresql":
        yield
        return
    restore: list[str] = []
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE needs no pending trigger events
        for model in models_:
            table = model._meta.db_table
            cursor.execute(_FOREIGN_KEYS, [table])
            for name, definition in cursor.fetchall():
                restore.append(f"ALTER TABLE {qn(table)} ADD CONSTRAINT {qn(name)} {definition} NOT VALID")
                if unvalidated is not None:
                    unvalidated.append([table, name])
                cursor.execute(f"ALTER TABLE {qn(table)} DROP CONSTRAINT {qn(name)}")
            cursor.execute(_PLAIN_INDEXES, [table, table])
            for name, definition in cursor.fetchall():
                restore.insert(0, definition)  # indexes first: they speed up the foreign-key validation
                cursor.execute(f"DROP INDEX {qn(name)}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        for statement in restore:
            cursor.execute(statement)


def validate_foreign_keys(pairs: list[list[str]]) -> None:
    """Check the loaded rows against each restored foreign key (one scan each; reads and writes go on)."""
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, name in pairs:
            cursor.execute(f"ALTER TABLE {qn(table)} VALIDATE CONSTRAINT {qn(name)}")
