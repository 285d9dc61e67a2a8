"""Keyset pages over any sortable column, and the filters that live in a list's URL.

Rows are ordered by one column then by id, empty values last in both directions, with the same order on SQLite and
PostgreSQL; the cursor is the last row's (value, id), so the 1,000th page costs what the first does.
"""

import datetime
from dataclasses import dataclass, fields, replace
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.db import connection, models
from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Collate, Lower, NullIf
from django.http import QueryDict
from django.utils.translation import gettext as _

from .cursors import cursor_after

if TYPE_CHECKING:
    from funil.accounts.access import Actor

_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
KEY = "list_key"  # the annotation text columns are sorted by


@dataclass
class Page[T]:
    rows: list[T]
    next_cursor: str | None


def keyset_page[M: models.Model](
    qs: QuerySet[M], *, column: str, descending: bool, cursor: str, size: int = 50
) -> Page[M]:
    """One page of `qs` ordered by `column` (a field of the model), then id."""
    field = qs.model._meta.get_field(column)
    if not isinstance(field, models.Field):
        raise ValueError(f"{column} is not a column of {qs.model.__name__}")
    text = isinstance(field, models.CharField | models.TextField)
    if text:
        # Empty text counts as empty, case is ignored, and byte order makes both databases agree.
        binary = "C" if connection.vendor == "postgresql" else "BINARY"
        qs = qs.annotate(**{KEY: Collate(Lower(NullIf(F(column), Value(""))), binary)})
        key_name = KEY
    else:
        key_name = column
    if text or field.null:
        key = F(key_name).desc(nulls_last=True) if descending else F(key_name).asc(nulls_last=True)
    else:  # a plain order, so an index on (workspace, column, id) can serve it
        key = F(key_name).desc() if descending else F(key_name).asc()
    qs = qs.order_by(key, "-id" if descending else "id")
    if cursor:
        qs = qs.filter(_after(field, key_name, cursor, descending))
    rows = list(qs[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return Page(rows, _cursor(key_name, rows[-1]) if rows and more else None)


def _cursor(key_name: str, row: models.Model) -> str:
    value = getattr(row, key_name)
    if isinstance(value, datetime.datetime):
        return cursor_after(value, row.pk)
    if isinstance(value, datetime.date):
        value = value.isoformat()
    return f"{'' if value is None else value}_{row.pk}"


def _decode(field: models.Field[Any, Any], raw: str) -> Any:
    if isinstance(field, models.DateTimeField):
        return _EPOCH + datetime.timedelta(microseconds=int(raw))
    if isinstance(field, models.DateField):
        return datetime.date.fromisoformat(raw)
    if isinstance(field, models.DecimalField):
        value = Decimal(raw)
        if not value.is_finite():
            raise ValueError(raw)
        return value
    if isinstance(field, models.CharField | models.TextField):
        return raw
    return int(raw)


def _after(field: models.Field[Any, Any], key_name: str, cursor: str, descending: bool) -> Q:
    """Rows after the cursor's (value, id); an unreadable cursor starts from the top."""
    raw, _sep, pk_text = cursor.rpartition("_")
    try:
        pk = int(pk_text)
        value = _decode(field, raw) if raw else None
    except (ValueError, ArithmeticError, InvalidOperation, OverflowError):
        return Q()
    op = "lt" if descending else "gt"
    if value is None:  # already among the empty values, which come last
        return Q(**{f"{key_name}__isnull": True, f"id__{op}": pk})
    return (
        Q(**{f"{key_name}__{op}": value}) | Q(**{key_name: value, f"id__{op}": pk}) | Q(**{f"{key_name}__isnull": True})
    )


def sort_choice(raw: str, sorts: dict[str, str], default: str) -> tuple[str, str, bool]:
    """(sort as written in the URL, column, descending) for a `sort` parameter like "-amount"."""
    name = raw.lstrip("-")
    if name not in sorts:
        raw, name = default, default.lstrip("-")
    return raw, sorts[name], raw.startswith("-")


# Reading filter values from a query string: an unreadable value is dropped and reported, never a crash.


def read_int(params: QueryDict, name: str, errors: dict[str, str]) -> int | None:
    raw = params.get(name, "").strip()
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        errors[name] = _("not a number")
        return None
    if abs(value) > 2**62:
        errors[name] = _("out of range")
        return None
    return value


def read_decimal(params: QueryDict, name: str, errors: dict[str, str]) -> Decimal | None:
    raw = params.get(name, "").strip().replace(",", ".")
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or abs(value) >= Decimal(10) ** 12:
        errors[name] = _("not an amount")
        return None
    return value


def read_date(params: QueryDict, name: str, errors: dict[str, str]) -> datetime.date | None:
    raw = params.get(name, "").strip()
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        errors[name] = _("not a date (YYYY-MM-DD)")
        return None


def read_choice(params: QueryDict, name: str, choices: tuple[str, ...], errors: dict[str, str], default: str) -> str:
    value = params.get(name, default)
    if value not in choices:
        errors[name] = _("unknown choice")
        return default
    return value


def read_text(params: QueryDict, name: str, limit: int = 200) -> str:
    return params.get(name, "").strip()[:limit]


class UrlFilter:
    """A frozen dataclass of filters written back into the URL: defaults ("", None, "any", False) left out, so a
    filtered view can be shared as a link. Subclasses keep their problems in an `errors` field."""

    def as_query(self, **overrides: Any) -> str:
        values = replace(self, **overrides) if overrides else self  # type: ignore[type-var]
        pairs: dict[str, Any] = {}
        for f in fields(values):  # type: ignore[arg-type]
            value = getattr(values, f.name)
            if f.name == "errors" or value is None or value is False or value in ("", "any"):
                continue
            pairs[f.name] = "1" if value is True else value
        return urlencode(pairs)

    @property
    def active(self) -> bool:
        return bool(self.as_query())


OWNER_CHOICES = ("me", "team", "any", "unassigned")


def owner_q(actor: "Actor", owner: str) -> Q:
    """The "owner" filter every list and board offers: me, my team, anyone, or nobody yet."""
    if owner == "me" and actor.user:
        return Q(owner=actor.user)
    if owner == "team":
        if actor.team_id:
            return Q(owner_id__in=actor.team_member_ids) | Q(team_id=actor.team_id)
        return Q(owner=actor.user)
    if owner == "unassigned":
        return Q(owner__isnull=True)
    return Q()
