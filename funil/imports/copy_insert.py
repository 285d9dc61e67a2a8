"""Inserting many new rows at once: on PostgreSQL by COPY, with their ids drawn from the table's sequence in
one query beforehand; elsewhere by bulk_create. Unlike bulk_create, a creation date the row already carries
(a lead created years ago in the old system) is kept."""

from collections.abc import Sequence
from typing import Any

from django.db import connection, models


def insert_all(objs: Sequence[models.Model]) -> None:
    if not objs:
        return
    if connection.vendor != "postgresql":
        _bulk_create(objs)
        return
    model = type(objs[0])
    meta = model._meta
    fields = list(meta.concrete_fields)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(objs)],
        )
        for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
            obj.pk = pk
        columns = ", ".join(quote(str(f.column)) for f in fields)
        plain, converted = _split(fields)
        with cursor.cursor.copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy:
            for obj in objs:
                row = [getattr(obj, name) for name in plain]
                for index, field in converted:
                    row[index] = _value(field, obj)
                copy.write_row(row)
    for obj in objs:
        obj._state.adding, obj._state.db = False, connection.alias


def _split(fields: list[Any]) -> tuple[list[str], list[tuple[int, Any]]]:
    """Most columns go to COPY as they are; dates stamped on insert and JSON need Django's conversion."""
    needs = (models.JSONField, models.DateTimeField, models.DateField, models.TimeField, models.UUIDField)
    converted = [(i, f) for i, f in enumerate(fields) if isinstance(f, needs)]
    return [f.attname for f in fields], converted


def _value(field: models.Field[Any, Any], obj: models.Model) -> Any:
    value = getattr(obj, field.attname)
    if value is None and (getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)):
        value = field.pre_save(obj, add=True)
    return field.get_db_prep_save(value, connection)


def _bulk_create(objs: Sequence[models.Model]) -> None:
    """bulk_create stamps auto_now_add fields with "now": dates the rows carried are put back after."""
    model = type(objs[0])
    stamped = [f for f in model._meta.concrete_fields if getattr(f, "auto_now_add", False)]
    kept = [{f.attname: getattr(obj, f.attname) for f in stamped} for obj in objs]
    model._default_manager.bulk_create(objs, batch_size=500)
    changed = []
    for obj, values in zip(objs, kept, strict=True):
        given = {name: value for name, value in values.items() if value is not None}
        if given:
            for name, value in given.items():
                setattr(obj, name, value)
            changed.append(obj)
    if changed:
        model._default_manager.bulk_update(changed, [f.name for f in stamped], batch_size=500)


class RowsCopier:
    """Rows given as {attname: value} dicts, the model's defaults filling the rest: on PostgreSQL sent by COPY
    without building model instances (what a million-row import spends most on), elsewhere by bulk_create.
    Returns the new ids in order."""

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        dynamic = [f for f in self.fields if f.has_default() and callable(f.default)]  # dict, list, now...
        self.defaults = {f.attname: f.get_default() for f in self.fields if f not in dynamic}
        self.callables = [(f.attname, f.default) for f in dynamic]
        self.stamped = [
            f.attname for f in self.fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        ]
        self.json = {f.attname for f in self.fields if isinstance(f, models.JSONField)}

    def insert(self, rows: list[dict[str, Any]]) -> list[int]:
        if not rows:
            return []
        if connection.vendor != "postgresql":
            objs = [self.model(**row) for row in rows]
            insert_all(objs)
            return [int(obj.pk) for obj in objs]
        from django.utils import timezone
        from psycopg.types.json import Jsonb

        meta = self.model._meta
        now = timezone.now()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, len(rows)],
            )
            ids = [pk for (pk,) in cursor.fetchall()]
            quote = connection.ops.quote_name
            columns = ", ".join(quote(str(c)) for c in [meta.pk.column, *(f.column for f in self.fields)])
            names = [f.attname for f in self.fields]
            with cursor.cursor.copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy:
                for pk, row in zip(ids, rows, strict=True):
                    full = {**self.defaults, **{name: make() for name, make in self.callables if name not in row}}
                    full.update(row)
                    for name in self.stamped:
                        if full.get(name) is None:
                            full[name] = now
                    for name in self.json:
                        full[name] = Jsonb(full[name])
                    copy.write_row([pk, *(full[name] for name in names)])
        return ids


def _stamped(field: Any) -> bool:
    return bool(getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))
