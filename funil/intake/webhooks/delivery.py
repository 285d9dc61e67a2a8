"""Handing a channel's deliveries to intake: each through lead_capture on its own, as the integration's system
actor, with what came of it counted on the integration."""

import dataclasses
from dataclasses import dataclass, replace
from typing import Any

from funil.core.errors import DomainError
from funil.intake.capture import CaptureResult, Incoming, Outcome, lead_capture

from .models import Integration
from .services import delivery_noted, integration_actor


@dataclass(frozen=True)
class ItemResult:
    key: str
    result: CaptureResult | None = None
    error: DomainError | None = None

    def as_dict(self) -> dict[str, Any]:
        if self.error is not None:
            return {"key": self.key, "ok": False, **self.error.as_dict()}
        assert self.result is not None
        return {"key": self.key, "ok": True, **self.result.as_dict()}


def capture_one(integration: Integration, incoming: Incoming) -> CaptureResult:
    """One delivery into intake (its own transaction, inside lead_capture). Raises DomainError when refused."""
    incoming = clean_incoming(incoming)
    if incoming.idempotency_key:  # providers number per sender: two integrations may reuse the same ids
        incoming = replace(incoming, idempotency_key=f"{integration.pk}:{incoming.idempotency_key}")
    return lead_capture(actor=integration_actor(integration), incoming=incoming)


def hook_deliver(*, integration: Integration, items: list[Incoming]) -> list[ItemResult]:
    """Every delivery of one webhook body, each captured or refused on its own; counted once on the integration."""
    results = []
    for incoming in items:
        try:
            results.append(ItemResult(incoming.idempotency_key, result=capture_one(integration, incoming)))
        except DomainError as exc:
            results.append(ItemResult(incoming.idempotency_key, error=exc))
    errors = [r.error for r in results if r.error is not None]
    captured = sum(1 for r in results if r.result is not None and r.result.outcome != Outcome.REPLAYED)
    delivery_noted(integration, captured=captured, refused=len(errors), error=errors[0].message if errors else "")
    return results


def clean_incoming(incoming: Incoming) -> Incoming:
    """What a sender may put in JSON but no database column takes: NUL characters and lone surrogates."""
    activity = incoming.activity
    if activity is not None:
        activity = dataclasses.replace(
            activity,
            subject=clean(activity.subject),
            body=clean(activity.body),
            payload=clean(activity.payload),
        )
    return dataclasses.replace(
        incoming, person=clean(incoming.person), messenger=clean(incoming.messenger), activity=activity
    )


def clean(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, dict):
        return {clean(k): clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean(v) for v in value]
    return value
