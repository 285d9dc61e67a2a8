"""Integration services: who may create and change them, what is checked, and that secrets stay out of sight."""

import pytest

from funil.core.errors import DomainError, Forbidden, ValidationFailed
from funil.core.models import AuditEntry
from funil.intake.webhooks.models import Integration
from funil.intake.webhooks.services import (
    integration_create,
    integration_rotate_secret,
    integration_set_active,
    integration_update,
)
from funil.intake.webhooks.signing import current_secrets

IMAP = {"host": "imap.acme.example.com", "username": "vendas@acme.example.com", "password": "s3nh4!"}


def test_an_admin_creates_an_integration_and_gets_its_secret_once(ana):
    integration, secret = integration_create(actor=ana, data={"kind": "call", "name": "PBX"})
    assert len(secret) >= 40 and integration.secret == secret and integration.secret_hint == secret[-4:]
    assert integration.active and integration.source.kind == "phone_call"
    entry = AuditEntry.objects.get(entity="integration", record_id=integration.pk)
    assert secret not in str(entry.details) and entry.action == "created"


def test_an_imap_mailbox_needs_its_server_and_keeps_its_password_out_of_the_audit(ana):
    with pytest.raises(ValidationFailed) as refused:
        integration_create(actor=ana, data={"kind": "imap", "name": "Inbox", "settings": {"port": "99999"}})
    assert {e.field for e in refused.value.errors} == {"host", "username", "password", "port"}
    integration, secret = integration_create(actor=ana, data={"kind": "imap", "name": "Inbox", "settings": IMAP})
    assert secret == "" and integration.settings == {**IMAP, "security": "ssl", "folder": "INBOX", "port": 993}
    integration_update(actor=ana, integration=integration, changes={"settings": {**IMAP, "password": ""}})
    integration.refresh_from_db()
    assert integration.settings["password"] == "s3nh4!"  # an empty password box keeps the password
    audit = " ".join(str(e.details) for e in AuditEntry.objects.filter(entity="integration"))
    assert "s3nh4!" not in audit
    with pytest.raises(DomainError):
        integration_rotate_secret(actor=ana, integration=integration)


def test_bad_input_is_refused_per_field(ana):
    integration_create(actor=ana, data={"kind": "generic", "name": "Chat"})
    with pytest.raises(ValidationFailed) as refused:
        integration_create(actor=ana, data={"kind": "fax", "name": "chat"})
    assert {(e.field, e.code) for e in refused.value.errors} == {
        ("kind", "integration_kind_invalid"),
        ("name", "name_taken"),
    }
    with pytest.raises(ValidationFailed) as refused:
        integration_create(actor=ana, data={"kind": "whatsapp", "name": "WA", "settings": {"host": "x"}})
    assert refused.value.errors[0].field == "host"
    with pytest.raises(ValidationFailed):
        integration_create(actor=ana, data={"kind": "call", "name": "PBX", "secret": "mine"})


def test_a_whatsapp_integration_gets_a_verify_token_when_none_is_given(ana):
    integration, _ = integration_create(actor=ana, data={"kind": "whatsapp", "name": "WA", "settings": {}})
    assert len(integration.settings["verify_token"]) >= 16


def test_rotation_keeps_the_old_secret_for_a_grace_period_or_revokes_it(ana):
    integration, first = integration_create(actor=ana, data={"kind": "generic", "name": "Chat"})
    second = integration_rotate_secret(actor=ana, integration=integration)
    integration.refresh_from_db()
    assert current_secrets(integration) == [second, first]
    third = integration_rotate_secret(actor=ana, integration=integration, revoke_old=True)
    integration.refresh_from_db()
    assert current_secrets(integration) == [third]


def test_salespeople_and_read_only_members_cannot_touch_integrations(ana, bruno, rita):
    integration, _ = integration_create(actor=ana, data={"kind": "generic", "name": "Chat"})
    for actor in (bruno, rita):
        with pytest.raises(Forbidden):
            integration_create(actor=actor, data={"kind": "call", "name": "PBX"})
        with pytest.raises(Forbidden):
            integration_rotate_secret(actor=actor, integration=integration)
        with pytest.raises(Forbidden):
            integration_set_active(actor=actor, integration=integration, active=False)
    assert Integration.objects.get().active


def test_another_workspace_cannot_change_ours(ana, carla):
    integration, _ = integration_create(actor=ana, data={"kind": "generic", "name": "Chat"})
    with pytest.raises(Forbidden):
        integration_update(actor=carla, integration=integration, changes={"name": "Mine now"})
    with pytest.raises(Forbidden):
        integration_rotate_secret(actor=carla, integration=integration)
    other, _ = integration_create(actor=carla, data={"kind": "generic", "name": "Chat"})  # same name, own workspace
    assert other.workspace == carla.workspace
