from django.urls import reverse

from funil.leads.models import Lead
from funil.testing.factories import lead_stage, make_lead, reason


def test_the_list_pages_by_keyset_without_gaps_or_repeats(client, ana):
    for i in range(120):
        make_lead(ana, first_name=f"L{i:03d}", expected_value=str(i % 7 * 100) if i % 3 else "")
    client.force_login(ana.user)
    for sort in ("-created", "created", "-score", "value", "-value", "followup"):
        seen, cursor = [], ""
        while True:
            response = client.get(reverse("web:lead_list") + f"?sort={sort}&cursor={cursor}")
            page = response.context["page"]
            seen += [r.pk for r in page.rows]
            if not page.next_cursor:
                break
            cursor = page.next_cursor
        assert len(seen) == 120 and len(set(seen)) == 120, sort


def test_bruno_lists_only_his_leads_and_carla_none(client, ana, bruno, carla):
    make_lead(ana, first_name="Alice")
    make_lead(ana, first_name="Berta", owner_id=bruno.user.pk)
    client.force_login(bruno.user)
    assert [r.first_name for r in client.get(reverse("web:lead_list")).context["page"].rows] == ["Berta"]
    client.force_login(carla.user)
    assert client.get(reverse("web:lead_list")).context["page"].rows == []


def test_bulk_assign_move_and_junk_go_through_the_services(client, ana, bruno):
    leads = [make_lead(ana) for _ in range(3)]
    ids = [lead.pk for lead in leads]
    client.force_login(ana.user)
    client.post(reverse("web:lead_bulk"), {"ids": ids, "action": "assign", "owner": bruno.user.pk})
    assert set(Lead.objects.filter(pk__in=ids).values_list("owner", flat=True)) == {bruno.user.pk}
    client.post(reverse("web:lead_bulk"), {"ids": ids[:2], "action": "move", "stage": lead_stage(ana, "Contacted").pk})
    assert Lead.objects.filter(pk__in=ids, stage__name="Contacted").count() == 2
    refused = client.post(reverse("web:lead_bulk"), {"ids": ids, "action": "junk"}, follow=True)
    assert "Say why" in refused.content.decode() or "reason" in refused.content.decode().lower()
    client.post(reverse("web:lead_bulk"), {"ids": ids, "action": "junk", "reason": reason(ana).pk})
    assert Lead.objects.filter(pk__in=ids, status="junk").count() == 3


def test_bulk_actions_never_reach_another_workspace(client, ana, carla):
    lead = make_lead(ana)
    client.force_login(carla.user)
    client.post(reverse("web:lead_bulk"), {"ids": [lead.pk], "action": "junk", "reason": reason(carla).pk})
    assert Lead.objects.get(pk=lead.pk).status == "open"


def test_export_of_the_selection_neutralises_formulas(client, ana):
    lead = make_lead(ana, first_name="=HYPERLINK(1)")
    client.force_login(ana.user)
    response = client.post(reverse("web:lead_bulk"), {"ids": [lead.pk], "action": "export"})
    body = b"".join(response.streaming_content).decode()
    assert "'=HYPERLINK(1)" in body and body.startswith("id,first_name")


def test_the_list_makes_a_fixed_number_of_queries(client, ana, django_assert_max_num_queries):
    for _ in range(60):
        make_lead(ana)
    client.force_login(ana.user)
    with django_assert_max_num_queries(20):
        client.get(reverse("web:lead_list"))


def test_export_follows_the_export_scope(client, ana, bruno, rita):
    hers, his = make_lead(ana, first_name="Alice"), make_lead(ana, first_name="Berta", owner_id=bruno.user.pk)
    client.force_login(bruno.user)
    response = client.post(reverse("web:lead_bulk"), {"ids": [hers.pk, his.pk], "action": "export"})
    body = b"".join(response.streaming_content).decode()
    assert "Berta" in body and "Alice" not in body
    client.force_login(rita.user)  # read-only members read everything but export nothing
    assert client.post(reverse("web:lead_bulk"), {"ids": [hers.pk], "action": "export"}).status_code == 403
