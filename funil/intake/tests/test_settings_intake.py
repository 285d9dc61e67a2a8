"""Settings: the workspace's intake policy, and API keys (created, shown once, revoked)."""

import json

from django.urls import reverse

from funil.accounts.access import actor_for
from funil.accounts.models import ApiKey
from funil.accounts.roles import Role
from funil.accounts.services import member_add


def test_the_intake_policy_is_chosen_on_the_workspace_page(client, ana):
    client.force_login(ana.user)
    page = client.get(reverse("web:settings_workspace")).content.decode()
    assert 'name="intake_policy" value="attach" checked' in page
    response = client.post(reverse("web:settings_workspace"), {"intake_policy": "flag"})
    assert response.status_code == 302
    ana.workspace.refresh_from_db()
    assert ana.workspace.intake_policy == "flag"
    refused = client.post(reverse("web:settings_workspace"), {"intake_policy": "merge-all"})
    assert refused.status_code == 422 and 'class="field-error"' in refused.content.decode()


def test_a_salesperson_cannot_change_the_policy(client, bruno):
    client.force_login(bruno.user)
    assert client.post(reverse("web:settings_workspace"), {"intake_policy": "flag"}).status_code == 403


def test_an_api_key_is_shown_once_works_and_can_be_revoked(client, ana, bruno):
    client.force_login(ana.user)
    created = client.post(reverse("web:settings_api_keys"), {"name": "Website", "member": bruno.user.pk})
    key = ApiKey.objects.get(workspace=ana.workspace)
    secret = created.context["secret"]
    assert secret.startswith("fnl_") and secret in created.content.decode()
    assert secret not in client.get(reverse("web:settings_api_keys")).content.decode()
    assert key.key_hash != secret and key.membership == bruno.membership

    api = client.__class__()
    body = json.dumps({"first_name": "Via API"})
    response = api.post("/api/v1/leads", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 201
    key.refresh_from_db()
    assert key.last_used_at is not None

    client.post(reverse("web:settings_api_key_revoke", args=[key.pk]))
    again = api.post("/api/v1/leads", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert again.status_code == 401
    assert "Revoked" in client.get(reverse("web:settings_api_keys")).content.decode()


def test_a_key_needs_a_name_and_a_member_of_this_workspace(client, ana, carla):
    client.force_login(ana.user)
    response = client.post(reverse("web:settings_api_keys"), {"name": "", "member": carla.user.pk})
    assert response.status_code == 422 and response.content.decode().count('class="field-error"') == 2
    assert not ApiKey.objects.exists()


def test_only_admins_create_keys_and_carla_cannot_revoke_acmes(client, ana, bruno, carla, acme, sales_team):
    manager = actor_for(member_add(workspace=acme, email="m@acme.example.com", role=Role.MANAGER).user, acme)
    client.force_login(manager.user)
    assert client.get(reverse("web:settings_api_keys")).status_code == 200
    assert client.post(reverse("web:settings_api_keys"), {"name": "X", "member": manager.user.pk}).status_code == 403
    client.force_login(bruno.user)
    assert client.get(reverse("web:settings_api_keys")).status_code == 403
    client.force_login(ana.user)
    client.post(reverse("web:settings_api_keys"), {"name": "Acme site", "member": ana.user.pk})
    key = ApiKey.objects.get()
    client.force_login(carla.user)
    assert client.post(reverse("web:settings_api_key_revoke", args=[key.pk])).status_code == 404
    key.refresh_from_db()
    assert key.revoked_at is None
