"""Server time of the pages salespeople wait on, with one million leads and five million activities:
the lead board, the lead list, a lead card with 1,000 activities, and global search (p95 of repeated loads)."""

import os
import time

from common import DATASET, database_url, ensure_database, ensure_dataset, setup_django

RUNS = int(os.environ.get("BENCH_RUNS", "30"))


def p95(fn) -> float:  # type: ignore[no-untyped-def]
    fn()  # warm-up
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = fn()
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    times.sort()
    return times[min(len(times) - 1, int(0.95 * len(times)))]


def lead_with_many_activities(workspace, lead_model, activity_model):  # type: ignore[no-untyped-def]
    """The card benchmark's lead: created once with 1,000 timeline rows, found again on later runs."""
    lead = lead_model.objects.filter(workspace=workspace, first_name="Bench card").first()
    if lead is None:
        template = lead_model.objects.filter(workspace=workspace).order_by("id").first()
        lead = lead_model.objects.get(pk=template.pk)
        lead.pk, lead.id, lead.first_name = None, None, "Bench card"
        lead.save()
        activity_model.objects.bulk_create(
            activity_model(workspace=workspace, lead=lead, kind="note", subject=f"Note {i}", body="Bench")
            for i in range(1000)
        )
    return lead


def main() -> None:
    url = database_url()
    ensure_database(url)
    setup_django(url)
    ensure_dataset()
    from django.test import Client
    from django.urls import reverse

    from funil.accounts.models import Membership, Workspace
    from funil.activities.models import Activity
    from funil.leads.models import Lead

    workspace = Workspace.objects.get(name=DATASET)
    admin = Membership.objects.filter(workspace=workspace, role="admin").first().user
    seller = Membership.objects.filter(workspace=workspace, role="salesperson").order_by("pk").first().user
    lead = lead_with_many_activities(workspace, Lead, Activity)
    sample = Lead.objects.filter(workspace=workspace).order_by("-id").values("last_name", "company_name")[500]

    client = Client()
    client.force_login(admin)
    client.post(reverse("web:workspace_switch"), {"workspace": workspace.pk})
    print(f"board_1m: p95 {p95(lambda: client.get(reverse('web:lead_board'))):.1f} ms", flush=True)
    print(f"list_1m: p95 {p95(lambda: client.get(reverse('web:lead_list'))):.1f} ms", flush=True)
    card = reverse("web:lead_card", args=[lead.pk])
    print(f"card_1k_activities: p95 {p95(lambda: client.get(card)):.1f} ms", flush=True)
    query = f"{sample['last_name']} {sample['company_name'].split()[0]}"
    search = reverse("web:search") + "?q=" + query
    print(f"search_1m: p95 {p95(lambda: client.get(search)):.1f} ms", flush=True)

    seller_client = Client()
    seller_client.force_login(seller)
    seller_client.post(reverse("web:workspace_switch"), {"workspace": workspace.pk})
    print(f"board_1m_salesperson: p95 {p95(lambda: seller_client.get(reverse('web:lead_board'))):.1f} ms", flush=True)
    print(f"list_1m_salesperson: p95 {p95(lambda: seller_client.get(reverse('web:lead_list'))):.1f} ms", flush=True)


if __name__ == "__main__":
    main()
