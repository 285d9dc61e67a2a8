"""The rows of an export: tuples from `values_list(...).iterator()`, each turned into the cells of one format.
Only the columns that need it are touched, and a row's text is checked for formulas in one pass, so a million rows
stay cheap."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from operator import itemgetter
from typing import Any

from django.db import connections, transaction
from django.db.models import QuerySet

from .columns import Cell, Layout

CHUNK = 2000  # rows per database fetch

Convert = Callable[[Any], Any]


@dataclass(frozen=True)
class Formats:
    """How a format writes each kind of cell. Text cells are the most, and rarely need anything: `risky` tells from
    a whole row's text whether its text cells must go through `text` one by one."""

    cells: dict[Cell, Convert]
    text: Convert
    risky: Callable[[tuple[str, ...]], bool]


@dataclass(frozen=True)
class _Plan:
    """What each row needs, worked out once per export."""

    text_at: list[int]  # the text columns, checked together
    fixes: list[tuple[int, Convert]]  # the other columns that need a conversion
    formats: Formats

    @classmethod
    def of(cls, layout: Layout, formats: Formats) -> "_Plan":
        text_at = [i for i, column in enumerate(layout.columns) if column.cell == Cell.TEXT and column.convert is None]
        fixes = [
            (i, fix)
            for i, column in enumerate(layout.columns)
            if i not in text_at and (fix := _then(column.convert, _cell(formats, column.cell)))
        ]
        return cls(text_at, fixes, formats)


def export_rows(layout: Layout, qs: QuerySet[Any], formats: Formats) -> Iterator[list[Any]]:
    """The rows' cells in `layout.header` order, read CHUNK rows at a time."""
    plan = _Plan.of(layout, formats)
    # In a transaction, PostgreSQL streams the cursor's rows as they are fetched (outside one, it would first store
    # the whole result, to hold it past the commit).
    with transaction.atomic(using=qs.db):
        _session(qs.db)
        yield from _rows(plan, qs.values_list(*layout.sources).iterator(chunk_size=CHUNK))


def _rows(plan: _Plan, records: Iterator[tuple[Any, ...]]) -> Iterator[list[Any]]:
    texts, text_at, fixes = _picker(plan.text_at), plan.text_at, plan.fixes
    risky, text = plan.formats.risky, plan.formats.text
    while chunk := list(islice(records, CHUNK)):
        for raw in chunk:
            cells = list(raw)
            if risky(texts(raw)):
                for i in text_at:
                    cells[i] = text(cells[i])
            for i, fix in fixes:
                cells[i] = fix(cells[i])
            yield cells
        del chunk  # before the next fetch: one chunk in memory, not two


def _session(db: str) -> None:
    """For this transaction, on PostgreSQL: no JIT (compiling a plan this large costs more than it saves on rows
    read a chunk at a time), and times written as ISO text, whatever the server's default style."""
    if connections[db].vendor == "postgresql":
        with connections[db].cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
            cursor.execute("SET LOCAL datestyle = 'ISO, YMD'")


def _picker(at: list[int]) -> Callable[[tuple[Any, ...]], tuple[Any, ...]]:
    """The cells at these places, always as a tuple (itemgetter gives a lone cell for one place)."""
    if len(at) > 1:
        return itemgetter(*at)
    return lambda row: tuple(row[i] for i in at)


def _then(first: Convert | None, then: Convert | None) -> Convert | None:
    if first is None or then is None:
        return first or then
    return lambda value: then(first(value))


def _cell(formats: Formats, cell: Cell) -> Convert | None:
    return formats.text if cell == Cell.TEXT else formats.cells.get(cell)
