"""Integrations made through the real service, and deliveries signed as their senders sign them."""

import json
from collections.abc import Callable
from typing import Any

import pytest

from funil.intake.webhooks.models import Integration
from funil.intake.webhooks.services import integration_create
from funil.intake.webhooks.signing import sign


class Hook:
    """An integration with the secret its admin was shown once."""

    def __init__(self, integration: Integration, secret: str) -> None:
        self.integration, self.secret = integration, secret

    @property
    def url(self) -> str:
        return f"/in/hooks/{self.integration.public_id}/"

    def refresh(self) -> Integration:
        self.integration.refresh_from_db()
        return self.integration


@pytest.fixture
def make_hook(ana) -> Callable[..., Hook]:
    def make(kind: str, name: str | None = None, **data: Any) -> Hook:
        integration, secret = integration_create(actor=ana, data={"kind": kind, "name": name or kind, **data})
        return Hook(integration, secret)

    return make


@pytest.fixture
def post_signed(client) -> Callable[..., Any]:
    """POST a body (a dict is sent as JSON) with X-Funil-Signature computed from `secret` (or none)."""

    def post(hook: Hook, payload: Any, *, secret: str | None = None, headers: dict[str, str] | None = None) -> Any:
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        sent = dict(headers or {})
        key = hook.secret if secret is None else secret
        if key and "X-Funil-Signature" not in sent:
            sent["X-Funil-Signature"] = sign(key, body)
        return client.post(hook.url, body, content_type="application/json", headers=sent)

    return post
