"""A bulk action names its records; too many at once is refused whole, never cut short silently."""

from django.urls import reverse

from funil.activities.deletion import MAX_BATCH
from funil.leads.models import Lead
from funil.testing.factories import make_lead


def test_a_selection_over_the_batch_limit_is_refused_and_nothing_changes(client, ana, bruno):
    lead = make_lead(ana, first_name="Rosa")
    ids = [str(lead.pk)] + [str(10_000_000 + i) for i in range(MAX_BATCH)]
    client.force_login(ana.user)
    response = client.post(
        reverse("web:lead_bulk"), {"ids": ids, "action": "assign", "owner": bruno.user.pk}, follow=True
    )
    assert "at most" in response.content.decode()
    assert Lead.objects.get(pk=lead.pk).owner_id == ana.user.pk
