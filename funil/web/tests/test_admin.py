from django.urls import reverse

from funil.activities.models import Activity, Kind
from funil.leads.models import Lead
from funil.testing.factories import make_lead


def test_editing_a_lead_in_the_admin_goes_through_the_service_and_the_timeline(client, ana):
    from funil.accounts.models import User

    User.objects.filter(pk=ana.user.pk).update(is_staff=True, is_superuser=True)
    lead = make_lead(ana, city="Recife")
    client.force_login(ana.user)
    url = reverse("admin:leads_lead_change", args=[lead.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list | dict)}
    data.update({"city": "Olinda", "custom_fields": "{}", "products": []})
    data = {k: (v.pk if hasattr(v, "pk") else v) for k, v in data.items()}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    stored = Lead.objects.get(pk=lead.pk)
    assert (stored.city, stored.version) == ("Olinda", 2)
    change = Activity.objects.get(lead=lead, kind=Kind.FIELD_CHANGE)
    assert change.payload["changes"]["city"] == ["Recife", "Olinda"]
    assert change.actor_id == ana.user.pk


def test_the_timeline_cannot_be_edited_in_the_admin(client, ana):
    from funil.accounts.models import User

    User.objects.filter(pk=ana.user.pk).update(is_staff=True, is_superuser=True)
    activity = Activity.objects.filter(lead=make_lead(ana)).first()
    client.force_login(ana.user)
    response = client.post(reverse("admin:activities_activity_change", args=[activity.pk]), {"subject": "x"})
    assert response.status_code == 403


def _admin_post_data(client, url, **changes):
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list | dict)}
    data.update(
        {"custom_fields": "{}", "products": [], "expected_version": form["expected_version"].value()}, **changes
    )
    return {k: (v.pk if hasattr(v, "pk") else v) for k, v in data.items()}


def test_bad_input_in_the_admin_is_shown_not_a_server_error(client, ana):
    from funil.accounts.models import User

    User.objects.filter(pk=ana.user.pk).update(is_staff=True, is_superuser=True)
    lead = make_lead(ana, city="Recife")
    client.force_login(ana.user)
    url = reverse("admin:leads_lead_change", args=[lead.pk])
    response = client.post(url, _admin_post_data(client, url, email="not-an-email"), follow=True)
    assert response.status_code == 200
    assert "Not saved" in response.content.decode()
    assert Lead.objects.get(pk=lead.pk).version == 1


def test_a_stale_admin_form_does_not_undo_another_edit(client, ana):
    from funil.accounts.models import User
    from funil.leads.services import lead_update

    User.objects.filter(pk=ana.user.pk).update(is_staff=True, is_superuser=True)
    lead = make_lead(ana, city="Recife")
    client.force_login(ana.user)
    url = reverse("admin:leads_lead_change", args=[lead.pk])
    stale = _admin_post_data(client, url, city="Olinda")
    lead_update(actor=ana, lead=lead, expected_version=1, changes={"city": "Natal"})
    client.post(url, stale, follow=True)
    assert Lead.objects.get(pk=lead.pk).city == "Natal"
