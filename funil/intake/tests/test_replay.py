"""Replay safety: the same delivery twice (one after the other, or at the same moment) yields one result."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from funil.activities.models import Activity
from funil.core.errors import ValidationFailed
from funil.core.scheduler import jobs
from funil.intake import capture as capture_module
from funil.intake import replay as replay_module
from funil.intake.capture import Channel, Incoming, IncomingActivity, Outcome, lead_capture
from funil.intake.models import Delivery
from funil.intake.replay import deliveries_prune
from funil.leads.models import Lead


def incoming(key="", body="Quero saber o preço", **person):
    person = person or {"first_name": "Nina", "email": "nina@example.com"}
    activity = IncomingActivity(kind="message", body=body)
    return Incoming(channel=Channel.API, person=person, activity=activity, idempotency_key=key)


def counts(workspace):
    return Lead.objects.filter(workspace=workspace).count(), Activity.objects.filter(workspace=workspace).count()


def test_the_same_key_twice_returns_the_first_result_and_creates_nothing(ana):
    first = lead_capture(actor=ana, incoming=incoming("key-1"))
    before = counts(ana.workspace)
    again = lead_capture(actor=ana, incoming=incoming("key-1", body="a retry may even differ"))
    assert again.outcome == Outcome.REPLAYED and again.lead == first.lead and again.activity == first.activity
    assert again.as_dict() == {**first.as_dict(), "outcome": "replayed", "first_outcome": "created"}
    assert counts(ana.workspace) == before


def test_keys_belong_to_a_workspace_and_a_channel(ana, carla):
    lead_capture(actor=ana, incoming=incoming("shared"))
    other = lead_capture(actor=carla, incoming=incoming("shared"))
    assert other.outcome == Outcome.CREATED and other.lead.workspace == carla.workspace
    by_form = Incoming(channel=Channel.WEB_FORM, person={"first_name": "Zé"}, idempotency_key="shared")
    assert lead_capture(actor=ana, incoming=by_form).outcome == Outcome.CREATED


def test_a_refused_delivery_does_not_use_up_its_key(ana):
    with pytest.raises(ValidationFailed):
        lead_capture(actor=ana, incoming=incoming("k", email="bad"))
    with pytest.raises(ValidationFailed):
        lead_capture(actor=ana, incoming=incoming("k", city="Recife"))  # refused inside the transaction
    assert not Delivery.objects.exists()
    assert lead_capture(actor=ana, incoming=incoming("k")).outcome == Outcome.CREATED


def test_an_overlong_key_is_hashed_not_cut(ana):
    lead_capture(actor=ana, incoming=incoming("x" * 300))
    assert lead_capture(actor=ana, incoming=incoming("x" * 299 + "y")).outcome != Outcome.REPLAYED
    assert lead_capture(actor=ana, incoming=incoming("x" * 300)).outcome == Outcome.REPLAYED


def test_identical_submissions_without_a_key_are_caught_within_the_window(ana, settings):
    settings.FUNIL_INTAKE_DEDUPE_MINUTES = 10
    first = lead_capture(actor=ana, incoming=incoming())
    assert lead_capture(actor=ana, incoming=incoming()).outcome == Outcome.REPLAYED
    # Written another way, it is still the same person saying the same thing.
    same = incoming(first_name="Nina", email="NINA@Example.com ")
    assert lead_capture(actor=ana, incoming=same).outcome == Outcome.REPLAYED
    assert lead_capture(actor=ana, incoming=incoming(body="Another question")).outcome == Outcome.ATTACHED
    Delivery.objects.update(created_at=timezone.now() - timedelta(minutes=11))
    later = lead_capture(actor=ana, incoming=incoming())
    assert (later.outcome, later.lead) == (Outcome.ATTACHED, first.lead)


def test_old_deliveries_are_pruned_by_a_recurring_job(ana):
    lead_capture(actor=ana, incoming=incoming("old"))
    lead_capture(actor=ana, incoming=incoming("new", body="x"))
    Delivery.objects.filter(key="old").update(created_at=timezone.now() - timedelta(days=8))
    assert deliveries_prune(batch=1) == 1
    assert list(Delivery.objects.values_list("key", flat=True)) == ["new"]
    assert "prune-intake-deliveries" in [job.name for job in jobs()]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL (SQLite has one)")
@pytest.mark.django_db(transaction=True)
def test_two_deliveries_with_the_same_key_at_the_same_moment_create_one_lead(ana, monkeypatch):
    real_search = capture_module.search

    def slow_search(*args, **kwargs):
        time.sleep(0.3)  # hold the first transaction open while the second arrives
        return real_search(*args, **kwargs)

    monkeypatch.setattr(capture_module, "search", slow_search)
    real_claim, claims = replay_module.claim, []

    def claim(*args, **kwargs):
        started = time.monotonic()
        claimed = real_claim(*args, **kwargs)
        claims.append((claimed.stored is not None, time.monotonic() - started))
        return claimed

    monkeypatch.setattr(replay_module, "claim", claim)
    start, results, errors = threading.Barrier(2), [], []

    def deliver() -> None:
        try:
            start.wait()
            results.append(lead_capture(actor=ana, incoming=incoming("same-moment")))
        except Exception as exc:  # surfaced by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(r.outcome for r in results) == [Outcome.CREATED, Outcome.REPLAYED]
    assert results[0].lead.pk == results[1].lead.pk
    assert Lead.objects.filter(workspace=ana.workspace).count() == 1
    assert Delivery.objects.count() == 1
    # The second claim waited on the first one's key until it committed, then found its stored result.
    (first, _first_wait), (second, waited) = sorted(claims)
    assert (first, second) == (False, True) and waited > 0.2
