"""Reads a salesperson waits on, against one million leads and five million activities."""

from common import DATASET, database_url, ensure_database, ensure_dataset, measure, report, setup_django


def main() -> None:
    url = database_url()
    ensure_database(url)
    setup_django(url)
    ensure_dataset()
    from funil.accounts.access import actor_for, scoped
    from funil.accounts.models import Membership, Workspace
    from funil.activities.models import Activity
    from funil.analytics.selectors import workspace_summary
    from funil.leads.models import Lead

    workspace = Workspace.objects.get(name=DATASET)
    admin = actor_for(Membership.objects.filter(workspace=workspace, role="admin").first().user, workspace)
    seller = actor_for(
        Membership.objects.filter(workspace=workspace, role="salesperson").order_by("pk").first().user, workspace
    )
    sample = Lead.objects.filter(workspace=workspace).order_by("-id").values("id", "email_normalized")[1000]

    report("home_summary_admin", measure(lambda: workspace_summary(admin), repeat=5, warmup=1), "ms")
    report("home_summary_salesperson", measure(lambda: workspace_summary(seller), repeat=5, warmup=1), "ms")
    report(
        "lead_list_first_page_admin",
        measure(lambda: list(scoped(admin, Lead).order_by("-created_at", "-id")[:50])),
        "ms",
    )
    report(
        "lead_list_first_page_salesperson",
        measure(lambda: list(scoped(seller, Lead).order_by("-created_at", "-id")[:50])),
        "ms",
    )
    report(
        "lead_timeline_page",
        measure(lambda: list(scoped(admin, Activity).filter(lead_id=sample["id"]).order_by("-created_at", "-id")[:50])),
        "ms",
    )
    report(
        "lead_find_by_email",
        measure(lambda: list(scoped(admin, Lead).filter(email_normalized=sample["email_normalized"]))),
        "ms",
    )


if __name__ == "__main__":
    main()
