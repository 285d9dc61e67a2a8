"""Throughput of the lead services on the one-million-lead workspace: create, update, move, assign."""

import time

from common import database_url, ensure_database, ensure_dataset, report, setup_django

N = 300


def main() -> None:
    url = database_url()
    ensure_database(url)
    setup_django(url)
    ensure_dataset()
    from common import DATASET

    from funil.accounts.access import actor_for
    from funil.accounts.models import Membership, Workspace
    from funil.leads.services import lead_assign, lead_create, lead_move, lead_update
    from funil.pipelines.models import Stage

    workspace = Workspace.objects.get(name=DATASET)
    admin = Membership.objects.filter(workspace=workspace, role="admin").select_related("user").first()
    seller = Membership.objects.filter(workspace=workspace, role="salesperson").order_by("pk").first()
    actor = actor_for(admin.user, workspace)
    contacted = Stage.objects.get(workspace=workspace, pipeline__kind="lead", name="Contacted")

    started = time.perf_counter()
    leads = [
        lead_create(
            actor=actor,
            data={
                "first_name": "Bench",
                "last_name": f"Lead {i}",
                "company_name": "Bench Ltda",
                "email": f"bench.{i}.{started}@example.com",
                "phone": "(11) 91234-5678",
            },
        )
        for i in range(N)
    ]
    report("lead_create", N / (time.perf_counter() - started), "ops/s")

    started = time.perf_counter()
    leads = [
        lead_update(actor=actor, lead=lead, expected_version=lead.version, changes={"city": "Campinas"})
        for lead in leads
    ]
    report("lead_update", N / (time.perf_counter() - started), "ops/s")

    started = time.perf_counter()
    leads = [lead_move(actor=actor, lead=lead, stage=contacted, expected_version=lead.version) for lead in leads]
    report("lead_move", N / (time.perf_counter() - started), "ops/s")

    started = time.perf_counter()
    for lead in leads:
        lead_assign(actor=actor, lead=lead, owner_id=seller.user_id, expected_version=lead.version)
    report("lead_assign", N / (time.perf_counter() - started), "ops/s")


if __name__ == "__main__":
    main()
