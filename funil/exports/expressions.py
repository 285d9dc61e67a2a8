"""The SQL side of an export's columns: what the database computes so that rows need no model instances and
little Python (a linked record's name, a record's product ids, a time in the workspace's time zone)."""

from typing import Any

from django.db import models
from django.db.models import F, Func, OuterRef, StringAgg, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat, NullIf, Trim


class LocalTime(Func):
    """A stored time as the workspace's clock shows it, to the second, without a zone, computed by PostgreSQL
    (`timezone(zone, ts)`; as ISO text for a CSV file, see rows.export_rows), which is cheaper than converting a
    million values in Python. SQLite knows no time zones: there the stored value comes as it is and the writer
    converts it."""

    function = "timezone"

    def __init__(self, column: str, zone: str, *, as_text: bool = False) -> None:
        output = models.CharField() if as_text else models.DateTimeField()
        super().__init__(Value(zone), F(column), output_field=output)
        self.as_text = as_text

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        sql, params = self.as_sql(compiler, connection, **extra)
        return (f"(date_trunc('second', {sql}))::text", params) if self.as_text else (sql, params)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return compiler.compile(self.source_expressions[1])


def linked(path: str) -> Any:
    """A linked record's text, "" when there is none: text cells are never None (see rows.export_rows)."""
    return Coalesce(F(path), Value(""), output_field=models.CharField())


def person(prefix: str, *fallbacks: str) -> Any:
    """A linked person's name in SQL (first and last name, else the fallbacks), so rows need no instances."""
    name = Trim(Concat(F(f"{prefix}first_name"), Value(" "), F(f"{prefix}last_name"), output_field=models.CharField()))
    return Coalesce(
        NullIf(name, Value("")),
        *(NullIf(F(f"{prefix}{path}"), Value("")) for path in fallbacks),
        Value(""),
        output_field=models.CharField(),
    )


def product_ids(through: type[models.Model], record: str) -> Subquery:
    """The record's product ids in one text value: a correlated subquery the database answers from its index on
    the record's key, cheaper than a query per chunk that names each id."""
    ids = (
        through._default_manager.filter(**{f"{record}_id": OuterRef("pk")})
        .values(f"{record}_id")
        .annotate(ids=StringAgg(Cast("product_id", models.CharField()), Value(",")))
        .values("ids")
    )
    return Subquery(ids, output_field=models.TextField())
