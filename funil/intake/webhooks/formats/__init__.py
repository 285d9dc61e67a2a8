"""Payload formats of the signed webhooks: each turns one decoded JSON body into the deliveries it holds."""

from collections.abc import Callable
from typing import Any

from ..models import Integration, IntegrationKind
from . import calls, generic, telegram, whatsapp
from .common import Parsed

Reader = Callable[[Any, Integration], Parsed]

READERS: dict[str, Reader] = {
    IntegrationKind.CALL: calls.read,
    IntegrationKind.WHATSAPP: whatsapp.read,
    IntegrationKind.TELEGRAM: telegram.read,
    IntegrationKind.GENERIC: generic.read,
}

__all__ = ["READERS", "Parsed"]
