"""Every write of an integration: create, edit, rotate its secret, deactivate; and the counters deliveries move.

Settings writes check `settings.update` and leave an audit entry that never holds a secret or password.
"""

import secrets
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from funil.accounts.access import Actor, require
from funil.accounts.audit import setting_changed
from funil.accounts.settings_kit import read_flag, read_name, reader_for, refuse_clash, refuse_duplicate, refuse_unknown
from funil.catalog.models import Source, SourceKind
from funil.core.errors import DomainError
from funil.core.writes import apply_changes

from .errors import IntegrationError
from .models import Integration, IntegrationKind
from .settings_input import public_settings, read_settings

CREATE_FIELDS = ("kind", "name", "source", "settings")
UPDATE_FIELDS = ("name", "source", "settings", "active")
# How long the secret before a rotation is still accepted, unless the admin revokes it at once.
ROTATION_GRACE = timedelta(hours=24)
# The source a new integration's leads get when the admin picks none.
DEFAULT_SOURCE_KIND: dict[str, str] = {
    IntegrationKind.EMAIL_GATEWAY: SourceKind.EMAIL,
    IntegrationKind.IMAP: SourceKind.EMAIL,
    IntegrationKind.CALL: SourceKind.PHONE_CALL,
    IntegrationKind.WHATSAPP: SourceKind.CHAT,
    IntegrationKind.TELEGRAM: SourceKind.CHAT,
    IntegrationKind.GENERIC: SourceKind.CHAT,
}


def new_secret() -> str:
    # URL-safe letters, digits, "-" and "_": also what Telegram accepts as a webhook secret_token.
    return secrets.token_urlsafe(32)


def integration_create(*, actor: Actor, data: dict[str, Any]) -> tuple[Integration, str]:
    """A new active integration and its secret, which the caller shows once (empty for IMAP: it has none)."""
    require(actor, "settings", "update")
    refuse_unknown(data, CREATE_FIELDS)
    kind = str(data.get("kind") or "")
    values = _read(actor, {"name": "", "settings": {}, **data}, None, kind)
    if "source" not in data:
        values["source"] = default_source(actor, kind)
    secret = "" if kind == IntegrationKind.IMAP else new_secret()
    with transaction.atomic():
        with refuse_clash():
            integration = Integration.objects.create(
                workspace=actor.workspace, secret=secret, secret_hint=secret[-4:], **values
            )
        setting_changed(actor, area="integration", action="created", obj=integration, changes=_audited(values))
    return integration, secret


def integration_update(*, actor: Actor, integration: Integration, changes: dict[str, Any]) -> Integration:
    require(actor, "settings", "update", integration)
    refuse_unknown(changes, UPDATE_FIELDS)
    values = _read(actor, changes, integration, integration.kind)
    with transaction.atomic():
        integration = Integration.objects.select_for_update().get(pk=integration.pk)
        changed = apply_changes(integration, values)
        if changed:
            with refuse_clash():
                integration.save(update_fields=[*changed, "updated_at"])
            setting_changed(actor, area="integration", action="updated", obj=integration, changes=_audited(changed))
    return integration


def integration_set_active(*, actor: Actor, integration: Integration, active: bool) -> Integration:
    return integration_update(actor=actor, integration=integration, changes={"active": active})


def integration_rotate_secret(*, actor: Actor, integration: Integration, revoke_old: bool = False) -> str:
    """A new secret, shown once. The old one keeps working for ROTATION_GRACE unless revoked at once."""
    require(actor, "settings", "update", integration)
    if integration.kind == IntegrationKind.IMAP:
        raise DomainError(IntegrationError.NO_SECRET, _("An IMAP mailbox has no secret: Funil logs in to it."))
    secret, now = new_secret(), timezone.now()
    with transaction.atomic():
        integration = Integration.objects.select_for_update().get(pk=integration.pk)
        integration.previous_secret = "" if revoke_old else integration.secret
        integration.previous_secret_until = None if revoke_old else now + ROTATION_GRACE
        integration.secret, integration.secret_hint, integration.secret_rotated_at = secret, secret[-4:], now
        integration.save(
            update_fields=["secret", "secret_hint", "secret_rotated_at", "previous_secret", "previous_secret_until"]
        )
        setting_changed(
            actor, area="integration", action="secret_rotated", obj=integration, changes={"old_revoked": revoke_old}
        )
    return secret


def _read(actor: Actor, data: dict[str, Any], integration: Integration | None, kind: str) -> dict[str, Any]:
    reader = reader_for(actor)
    if integration is None:
        if kind not in IntegrationKind.values:
            reader.fail("kind", IntegrationError.KIND_INVALID, _("Pick a kind of integration from the list."))
        reader.values["kind"] = kind
    for key, value in data.items():
        if key == "name":
            read_name(reader, value, max_length=120)
            refuse_duplicate(reader, Integration.objects.filter(workspace=actor.workspace), exclude=integration)
        elif key == "source":
            reader.reference(key, value, Source.objects.all(), current=getattr(integration, "source_id", None))
        elif key == "settings":
            read_settings(reader, kind, value, integration)
        elif key == "active":
            read_flag(reader, key, value)
    reader.raise_if_errors()
    return reader.values


def default_source(actor: Actor, kind: str) -> Source | None:
    """The first active source of the kind's channel (Email, Phone call, Chat / messenger), if there is one."""
    wanted = DEFAULT_SOURCE_KIND.get(kind, SourceKind.OTHER)
    return Source.objects.filter(workspace=actor.workspace, kind=wanted, active=True).order_by("position").first()


def _audited(values: dict[str, Any]) -> dict[str, Any]:
    """Values (or [old, new] pairs) fit for the audit trail: settings without their passwords."""

    def clean(key: str, value: Any) -> Any:
        if key != "settings":
            return value
        return [public_settings(v) for v in value] if isinstance(value, list) else public_settings(value)

    return {k: clean(k, v) for k, v in values.items()}


# Delivery bookkeeping (no actor: the integration itself is the caller) ---------------------------------------
def delivery_noted(integration: Integration, *, captured: int = 0, refused: int = 0, error: str = "") -> None:
    """Count one delivery and what came of it; the last error stays until the next one, for the admin to read."""
    now = timezone.now()
    changes: dict[str, Any] = {
        "received_count": F("received_count") + 1,
        "captured_count": F("captured_count") + captured,
        "refused_count": F("refused_count") + refused,
        "last_received_at": now,
    }
    if error:
        changes.update(last_error=error[:500], last_error_at=now)
    Integration.objects.filter(pk=integration.pk).update(**changes)


def integration_error_noted(integration: Integration, error: str) -> None:
    """A problem that is no delivery (a mailbox that refused the login)."""
    Integration.objects.filter(pk=integration.pk).update(last_error=error[:500], last_error_at=timezone.now())


def integration_actor(integration: Integration) -> Actor:
    """Who acts on a delivery: the system, on the integration's workspace, named after the integration."""
    return Actor.system(integration.workspace, integration.name)
