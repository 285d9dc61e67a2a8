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
