"""Replay safety: a delivery seen before returns its first result and creates nothing.

With a key (an Idempotency-Key header, a provider's message id, a form's submission token) the key is claimed
by inserting its Delivery row first, in the capture's own transaction. A second delivery with the same key
finds the row; one arriving at the same moment blocks on the unique constraint until the first commits, then
fails to insert (IntegrityError, caught in a savepoint) and reads the stored result. Without a key, identical
submissions (same channel, same normalised person, same message) within a short window are caught the same way.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from funil.accounts.models import Workspace
from funil.core.writes import plain

from .models import Delivery
from .shapes import CaptureResult, Incoming, Outcome

AUTO_PREFIX = "auto:"
# Kept as sent on the lead, so left out of the fingerprint: their normalised forms are in it.
_AS_SENT = frozenset({"email", "phone", "mobile"})


def dedupe_window() -> timedelta:
    return timedelta(minutes=int(getattr(settings, "FUNIL_INTAKE_DEDUPE_MINUTES", 10)))


def keep_for() -> timedelta:
    return timedelta(days=int(getattr(settings, "FUNIL_INTAKE_DELIVERY_DAYS", 7)))


@dataclass
class Claim:
    delivery: Delivery | None = None  # ours: fill it with the result
    stored: dict[str, Any] | None = None  # seen before: this was the answer


def delivery_key(incoming: Incoming, values: dict[str, Any], messenger: dict[str, str]) -> str:
    """The explicit key, or a fingerprint of what was sent (for the dedupe window)."""
    if incoming.idempotency_key.strip():
        key = incoming.idempotency_key.strip()
        return key if len(key) <= 200 else "sha256:" + hashlib.sha256(key.encode()).hexdigest()
    activity = incoming.activity
    what = {
        "channel": str(incoming.channel),
        "person": {k: plain(v) for k, v in sorted(values.items()) if k not in _AS_SENT},
        "messenger": messenger,
        "activity": [activity.kind, activity.subject, activity.body, activity.payload] if activity else None,
        "reply_to": [incoming.reply_to._meta.label, incoming.reply_to.pk] if incoming.reply_to is not None else None,
    }
    digest = hashlib.sha256(json.dumps(what, sort_keys=True, default=str).encode()).hexdigest()
    return AUTO_PREFIX + digest


_TABLE = Delivery._meta.db_table


def _json() -> str:
    """The placeholder of a JSON value given as text."""
    return "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"


def claim(workspace: Workspace, channel: str, key: str) -> Claim:
    """Claim `key` inside the caller's transaction, or return what its first delivery answered.

    A new key costs one statement: the insert does nothing on the unique key (waiting, as any insert does, for
    a transaction that holds the same key to end) and returns no id, and only then is the stored row read."""
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_TABLE} (workspace_id, channel, key, result, created_at) "
            f"VALUES (%s, %s, %s, {_json()}, %s) ON CONFLICT DO NOTHING RETURNING id",
            [workspace.pk, channel, key, "{}", connection.ops.adapt_datetimefield_value(now)],
        )
        row = cursor.fetchone()
    if row is not None:
        return Claim(delivery=Delivery(pk=row[0], workspace=workspace, channel=channel, key=key, created_at=now))
    rows = Delivery.objects.filter(workspace=workspace, channel=channel, key=key)
    existing = rows.first()
    if existing is not None:
        fresh = not key.startswith(AUTO_PREFIX) or existing.created_at >= timezone.now() - dedupe_window()
        if fresh:
            return Claim(stored=existing.result)
        rows.filter(pk=existing.pk).delete()  # an identical submission long ago: this one is new
    try:
        with transaction.atomic():
            return Claim(delivery=Delivery.objects.create(workspace=workspace, channel=channel, key=key))
    except IntegrityError:
        # The same key at the same moment: the other transaction committed first, its row is now visible.
        stored = rows.first()
        if stored is None:
            raise
        return Claim(stored=stored.result)


def remember(claimed: Claim, result: CaptureResult) -> None:
    if claimed.delivery is not None:
        with connection.cursor() as cursor:  # the ORM's UPDATE cost more to build than to run
            cursor.execute(
                f"UPDATE {_TABLE} SET result = {_json()} WHERE id = %s",
                [json.dumps(result.as_dict()), claimed.delivery.pk],
            )


def replayed(workspace: Workspace, stored: dict[str, Any]) -> CaptureResult:
    """The first delivery's result, its records loaded again (None for one deleted since)."""
    from funil.activities.models import Activity
    from funil.contacts.models import Contact
    from funil.deals.models import Deal
    from funil.leads.models import Lead

    def load(model: Any, pk: Any) -> Any:
        return model.objects.filter(workspace=workspace, pk=pk).first() if pk else None

    return CaptureResult(
        Outcome.REPLAYED,
        lead=load(Lead, stored.get("lead")),
        contact=load(Contact, stored.get("contact")),
        deal=load(Deal, stored.get("deal")),
        activity=load(Activity, stored.get("activity")),
        first=stored,
    )


def deliveries_prune(*, older_than: timedelta | None = None, batch: int = 5000) -> int:
    """Forget deliveries older than the replay horizon (a week by default), a batch at a time."""
    cutoff = timezone.now() - (older_than if older_than is not None else keep_for())
    removed = 0
    while True:
        ids = list(Delivery.objects.filter(created_at__lt=cutoff).values_list("pk", flat=True)[:batch])
        if not ids:
            return removed
        removed += Delivery.objects.filter(pk__in=ids).delete()[0]
