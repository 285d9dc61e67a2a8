"""Reads of integrations: the Settings list, and the one an endpoint was called for."""

import uuid

from django.db.models import QuerySet

from funil.accounts.access import Actor, scoped

from .models import Integration


def integrations(actor: Actor) -> QuerySet[Integration]:
    return scoped(actor, Integration).select_related("source").order_by("-active", "name", "pk")


def endpoint_integration(public_id: uuid.UUID | str, kinds: tuple[str, ...]) -> Integration | None:
    """The active integration behind an endpoint address, or None (unknown, inactive or another kind's address)."""
    try:
        key = public_id if isinstance(public_id, uuid.UUID) else uuid.UUID(str(public_id))
    except ValueError:
        return None
    return Integration.objects.select_related("workspace").filter(public_id=key, active=True, kind__in=kinds).first()
