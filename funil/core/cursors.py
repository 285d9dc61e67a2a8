"""Keyset cursors for "newest first" pages: (created_at, id) written as URL-safe text."""

import datetime

from django.db.models import Q

_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def cursor_after(created_at: datetime.datetime, pk: int) -> str:
    micros = (created_at - _EPOCH) // datetime.timedelta(microseconds=1)
    return f"{micros}_{pk}"


def older_than(cursor: str) -> Q | None:
    """The filter for rows after `cursor` in (-created_at, -id) order; None for an unreadable cursor."""
    micros, _, pk = cursor.partition("_")
    try:
        at = _EPOCH + datetime.timedelta(microseconds=int(micros))
        return Q(created_at__lt=at) | Q(created_at=at, id__lt=int(pk))
    except (ValueError, OverflowError):
        return None
