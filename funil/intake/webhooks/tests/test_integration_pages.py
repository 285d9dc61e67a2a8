"""Settings, Email, calls and messengers: list, add, the secret shown once, edit, rotate, deactivate."""

from django.urls import reverse

from funil.intake.webhooks.models import Integration
from funil.intake.webhooks.services import integration_create


def test_an_admin_adds_a_call_integration_and_sees_the_secret_exactly_once(client, ana):
    client.force_login(ana.user)
    page = client.get(reverse("web:settings_integrations")).content.decode()
    assert "No integration yet" in page and reverse("web:settings_integration_new", args=["call"]) in page
    form = client.get(reverse("web:settings_integration_new", args=["call"]))
    phone = form.context["sources"][[s.kind for s in form.context["sources"]].index("phone_call")]
    assert form.context["form"]["source"] == phone.pk  # the channel's own source is offered first
    response = client.post(reverse("web:settings_integration_new", args=["call"]), {"name": "PBX", "source": ""})
    integration = Integration.objects.get(name="PBX")
    assert response.status_code == 302 and response["Location"] == reverse(
        "web:settings_integration", args=[integration.pk]
    )
    first = client.get(response["Location"]).content.decode()
    assert integration.secret in first and "Copy the secret now" in first
    assert f"http://testserver/in/hooks/{integration.public_id}/" in first
    again = client.get(response["Location"]).content.decode()
    assert integration.secret not in again and f"…{integration.secret_hint}" in again


def test_the_form_shows_each_problem_next_to_its_field_and_never_echoes_the_password(client, ana):
    client.force_login(ana.user)
    url = reverse("web:settings_integration_new", args=["imap"])
    response = client.post(url, {"name": "", "host": "not a host", "port": "x", "username": "", "password": "pw-1"})
    assert response.status_code == 422
    assert set(response.context["errors"]) == {"name", "host", "port", "username"}
    assert "pw-1" not in response.content.decode() and 'aria-invalid="true"' in response.content.decode()
    assert not Integration.objects.exists()


def test_editing_an_imap_mailbox_keeps_the_password_and_never_shows_it(client, ana):
    client.force_login(ana.user)
    settings = {"host": "imap.example.com", "username": "u", "password": "secret-pw", "folder": "Leads"}
    integration, _ = integration_create(actor=ana, data={"kind": "imap", "name": "Box", "settings": settings})
    url = reverse("web:settings_integration", args=[integration.pk])
    page = client.get(url).content.decode()
    assert "secret-pw" not in page and 'value="Leads"' in page and "funil fetchmail" in page
    client.post(url, {"name": "Box 2", "host": "imap.example.com", "port": "143", "security": "starttls",
                      "username": "u", "password": "", "folder": "Leads"})  # fmt: skip
    integration.refresh_from_db()
    assert (integration.name, integration.settings["port"], integration.settings["password"]) == (
        "Box 2",
        143,
        "secret-pw",
    )


def test_rotating_shows_the_new_secret_once_and_deactivating_refuses_deliveries(client, ana):
    client.force_login(ana.user)
    integration, old = integration_create(actor=ana, data={"kind": "telegram", "name": "Bot"})
    response = client.post(reverse("web:settings_integration_rotate", args=[integration.pk]), {"revoke_old": "1"})
    integration.refresh_from_db()
    assert integration.secret != old and integration.previous_secret == ""
    assert integration.secret in client.get(response["Location"]).content.decode()
    client.post(reverse("web:settings_integration_active", args=[integration.pk]), {"active": "0"})
    integration.refresh_from_db()
    assert not integration.active
    assert client.post(f"/in/hooks/{integration.public_id}/", b"{}", content_type="application/json").status_code == 404
    listing = client.get(reverse("web:settings_integrations")).content.decode()
    assert "Deactivated" in listing


def test_the_list_shows_counters_and_the_last_problem(client, ana, django_assert_max_num_queries):
    for n in range(5):
        integration_create(actor=ana, data={"kind": "generic", "name": f"Chat {n}"})
    Integration.objects.filter(name="Chat 0").update(received_count=7, refused_count=2, last_error="Bad <b>JSON</b>")
    client.force_login(ana.user)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("web:settings_integrations")).content.decode()
    assert "Bad &lt;b&gt;JSON&lt;/b&gt;" in page and ">7<" in page


def test_managers_read_the_pages_but_salespeople_and_other_workspaces_cannot(client, ana, bruno, carla):
    integration, _ = integration_create(actor=ana, data={"kind": "generic", "name": "Chat"})
    client.force_login(bruno.user)
    assert client.get(reverse("web:settings_integrations")).status_code == 403
    assert client.post(reverse("web:settings_integration_rotate", args=[integration.pk])).status_code == 403
    client.force_login(carla.user)
    assert client.get(reverse("web:settings_integration", args=[integration.pk])).status_code == 404
    assert client.post(reverse("web:settings_integration_rotate", args=[integration.pk])).status_code == 404
    assert Integration.objects.get().secret == integration.secret


def test_an_unknown_kind_is_404(client, ana):
    client.force_login(ana.user)
    assert client.get(reverse("web:settings_integration_new", args=["fax"])).status_code == 404
