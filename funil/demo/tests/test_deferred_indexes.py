import pytest
from django.db import connection

from funil.demo.indexes import deferred_indexes, validate_foreign_keys
from funil.pipelines.models import CloseReason

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the bulk path is PostgreSQL's")


def constraints(table):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, convalidated FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'", [table]
        )
        return dict(cursor.fetchall())


def test_foreign_keys_come_back_enforced_and_are_validated_afterwards(ana):
    table = CloseReason._meta.db_table
    before = constraints(table)
    pairs: list[list[str]] = []
    with deferred_indexes([CloseReason], enabled=True, unvalidated=pairs):
        assert constraints(table) == {}
    assert set(constraints(table)) == set(before) and not any(constraints(table).values())
    validate_foreign_keys(pairs)
    assert all(constraints(table).values())
