"""The workspace's own settings: name, currency, country, language, time zone and CRM mode."""

import pytest

from funil.accounts.errors import AccountError
from funil.accounts.models import CrmMode, Workspace
from funil.accounts.services import workspace_update
from funil.core.errors import DomainError, Forbidden, ValidationFailed
from funil.core.models import AuditEntry
from funil.leads.errors import LeadError
from funil.leads.services import lead_create


def test_ana_changes_the_workspace_and_the_change_is_audited(ana):
    workspace_update(
        actor=ana,
        changes={
            "name": "Acme Brasil",
            "currency": "usd",
            "country": "pt",
            "language": "es",
            "time_zone": "Europe/Lisbon",
            "crm_mode": CrmMode.SIMPLE,
        },
    )
    ws = Workspace.objects.get(pk=ana.workspace.pk)
    assert (ws.name, ws.currency, ws.country, ws.language, ws.time_zone, ws.crm_mode) == (
        "Acme Brasil",
        "USD",
        "PT",
        "es",
        "Europe/Lisbon",
        "simple",
    )
    change = AuditEntry.objects.get(workspace=ws, entity="workspace")
    assert change.details["name"] == ["Acme Ltda", "Acme Brasil"] and change.actor_id == ana.user.pk


def test_simple_mode_turns_leads_off(ana):
    workspace_update(actor=ana, changes={"crm_mode": CrmMode.SIMPLE})
    ana.workspace.refresh_from_db()
    with pytest.raises(DomainError) as off:
        lead_create(actor=ana, data={"first_name": "Joana"})
    assert off.value.code == LeadError.SIMPLE_MODE


def test_bad_workspace_settings_are_refused_field_by_field(ana):
    with pytest.raises(ValidationFailed) as bad:
        workspace_update(
            actor=ana,
            changes={
                "name": "",
                "currency": "reais",
                "country": "XX",
                "language": "klingon",
                "time_zone": "Mars/Olympus",
                "crm_mode": "fancy",
            },
        )
    assert {e.field: e.code for e in bad.value.errors} == {
        "name": "name_required",
        "currency": "currency_invalid",
        "country": "country_invalid",
        "language": AccountError.LANGUAGE_INVALID,
        "time_zone": AccountError.TIME_ZONE_INVALID,
        "crm_mode": AccountError.CRM_MODE_INVALID,
    }
    with pytest.raises(ValidationFailed) as unknown:
        workspace_update(actor=ana, changes={"slug": "mine"})
    assert unknown.value.errors[0].code == AccountError.FIELD_UNKNOWN
    assert Workspace.objects.get(pk=ana.workspace.pk).name == "Acme Ltda"


def test_only_admins_change_their_workspace(ana, bruno, rita, carla):
    for outsider in (bruno, rita):
        with pytest.raises(Forbidden):
            workspace_update(actor=outsider, changes={"name": "Mine"})
    workspace_update(actor=carla, changes={"name": "Globex Iberia"})
    assert Workspace.objects.get(pk=ana.workspace.pk).name == "Acme Ltda"  # Carla changed only her own
