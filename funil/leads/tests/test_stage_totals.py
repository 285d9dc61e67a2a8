"""The kept board totals (PostgreSQL) always equal a live count, whatever happens to the leads."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Count, Sum

from funil.leads.models import Lead
from funil.leads.services import lead_assign, lead_convert, lead_convert_undo, lead_mark_junk, lead_move, lead_update
from funil.leads.stage_totals import rebuild, stage_totals
from funil.pipelines.models import Stage
from funil.testing.factories import lead_stage, make_lead, reason

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the kept totals exist on PostgreSQL only")


def live(actor, leads):
    rows = leads.values("stage_id").annotate(n=Count("*"), v=Sum("expected_value")).order_by()
    return {r["stage_id"]: (r["n"], r["v"] or Decimal(0)) for r in rows if r["n"]}


def kept(actor):
    ids = list(Stage.objects.filter(workspace=actor.workspace).values_list("pk", flat=True))
    return {k: v for k, v in stage_totals(actor, ids).items() if v[0]}


def test_kept_totals_follow_every_write_and_every_scope(ana, bruno, carla):
    leads = [make_lead(ana, expected_value=str(100 * i)) for i in range(1, 6)]
    mine = make_lead(ana, owner_id=bruno.user.pk, expected_value="70")
    lead_move(actor=ana, lead=leads[0], stage=lead_stage(ana, "Contacted"))
    lead_update(actor=ana, lead=leads[1], expected_version=1, changes={"expected_value": "999"})
    lead_assign(actor=ana, lead=leads[2], owner_id=bruno.user.pk)
    lead_mark_junk(actor=ana, lead=leads[3], reason=reason(ana))
    done = lead_convert(actor=ana, lead=leads[4], expected_version=1, create_deal=False)
    lead_convert_undo(actor=ana, lead=done.lead)
    Lead.objects.filter(pk=mine.pk).delete()
    acme = Lead.objects.filter(workspace=ana.workspace)
    assert kept(ana) == live(ana, acme)
    assert kept(bruno) == live(bruno, acme.filter(owner=bruno.user))
    assert kept(carla) == {}


def test_a_rebuild_gives_the_same_totals(ana):
    for i in range(3):
        make_lead(ana, expected_value=str(i))
    before = kept(ana)
    rebuild(ana.workspace.pk)
    assert kept(ana) == before


@pytest.mark.django_db(transaction=True)
def test_each_connection_adds_to_its_own_stripe_and_the_sum_stays_exact(ana):
    """Concurrent captures must not queue on one totals row: each database connection has its own stripe."""
    import threading

    from django.db import connections

    pids: list[int] = []

    def write() -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                pids.append(cursor.fetchone()[0])
            for i in range(3):
                make_lead(ana, expected_value=str(10 + i))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert kept(ana) == live(ana, Lead.objects.filter(workspace=ana.workspace)) != {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT slot FROM leads_stage_totals WHERE workspace_id = %s", [ana.workspace.pk])
        slots = {row[0] for row in cursor.fetchall()}
    assert slots == {pid % 16 for pid in pids}
