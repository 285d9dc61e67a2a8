"""Workspace API keys: created by an admin, shown once, stored as a hash, revoked at any time.

A key acts as the member it was made for, with that member's role, so the API sees exactly what the member
would see in the UI; deactivating the member stops the key too.
"""

import contextlib
import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from funil.core.errors import DomainError

from .access import Actor, actor_for, require
from .audit import setting_changed
from .errors import AccountError
from .models import ApiKey, Membership
from .settings_kit import read_name, reader_for

KEY_PREFIX = "fnl_"
# last_used_at is a hint for admins, not an audit trail: one write per key per minute is enough.
LAST_USED_EVERY = timedelta(minutes=1)


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def api_key_create(*, actor: Actor, name: Any, user_id: Any) -> tuple[ApiKey, str]:
    """A new key acting as the member `user_id`; returns the key and its secret, which is never shown again."""
    require(actor, "settings", "update")
    reader = reader_for(actor)
    read_name(reader, name, max_length=120)
    membership = None
    with contextlib.suppress(TypeError, ValueError):
        membership = Membership.objects.filter(workspace=actor.workspace, user_id=int(user_id), is_active=True).first()
    if membership is None:
        reader.fail("member", AccountError.MEMBER_INVALID, _("Pick an active member of this workspace."))
    reader.raise_if_errors()
    assert membership is not None
    prefix = secrets.token_hex(6)
    raw = f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        key = ApiKey.objects.create(
            workspace=actor.workspace,
            membership=membership,
            name=reader.values["name"],
            prefix=prefix,
            key_hash=_hash(raw),
            created_by=actor.user,
        )
        setting_changed(actor, area="api_key", action="created", obj=key, changes={"member": user_id})
    return key, raw


def api_key_revoke(*, actor: Actor, key: ApiKey) -> ApiKey:
    require(actor, "settings", "update", key)
    if key.revoked_at is not None:
        raise DomainError(AccountError.API_KEY_REVOKED, _("This key is already revoked."))
    with transaction.atomic():
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
        setting_changed(actor, area="api_key", action="revoked", obj=key)
    return key


def api_key_actor(raw: str) -> Actor | None:
    """The member a presented key acts as, or None for an unknown, revoked or mistyped key (or a member who left)."""
    if not raw.startswith(KEY_PREFIX) or raw.count("_") < 2 or len(raw) > 200:
        return None
    prefix = raw[len(KEY_PREFIX) :].split("_", 1)[0]
    key = ApiKey.objects.select_related("membership__user").filter(prefix=prefix, revoked_at__isnull=True).first()
    if key is None or not hmac.compare_digest(key.key_hash, _hash(raw)):
        return None
    try:
        actor = actor_for(key.membership.user, key.workspace_id)
    except DomainError:
        return None
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at > LAST_USED_EVERY:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    return actor


def api_keys(actor: Actor) -> list[ApiKey]:
    require(actor, "settings", "read")
    return list(
        ApiKey.objects.filter(workspace=actor.workspace).select_related("membership__user").order_by("-created_at")
    )
