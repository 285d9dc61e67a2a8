"""Names in the file that match nothing in the workspace: found, proposed, chosen, and applied."""

import pytest

from funil.catalog.models import Source
from funil.core.errors import ValidationFailed
from funil.imports.services import SetUp, import_configure
from funil.leads.models import Lead

from .helpers import csv_bytes, run_to_end, upload

pytestmark = pytest.mark.django_db

ROWS = [
    ["Name", "Email", "Lead Source", "Stage", "Owner"],
    ["Ana Lima", "ana@lima.com", "Feira 2024", "Contacted", "bruno@acme.example.com"],
    ["Rui Dias", "rui@dias.com", "feira 2024", "Etapa antiga", "Pedro Sem Conta"],
    ["Eva Cruz", "eva@cruz.com", "Indicação", "", ""],
]


def test_unknown_names_are_listed_with_their_counts_and_a_proposal(ana, bruno):
    job = upload(ana, csv_bytes(ROWS))
    assert job.values_seen["source"] == [["Feira 2024", 2]]  # one name, however it is written
    assert job.values_seen["stage"] == [["Etapa antiga", 1]] and job.values_seen["owner"] == [["Pedro Sem Conta", 1]]
    assert job.value_map["source"] == {"Feira 2024": "new"}  # an admin may create sources
    assert job.value_map["stage"] == {"Etapa antiga": ""}  # a stage is never invented: the first stage applies


def test_the_choices_apply_and_the_name_as_written_stays_on_the_timeline(ana, bruno):
    from funil.activities.models import Activity, Kind

    referral = Source.objects.get(workspace=ana.workspace, name="Referral")
    job = upload(ana, csv_bytes(ROWS))
    choices = {"source": {"Feira 2024": str(referral.pk)}, "owner": {"Pedro Sem Conta": ""}}
    import_configure(actor=ana, job=job, setup=SetUp(mapping=job.mapping, value_map=choices))
    run_to_end(ana, job)
    ana_lima, rui, eva = (
        Lead.objects.get(email_normalized=e) for e in ("ana@lima.com", "rui@dias.com", "eva@cruz.com")
    )
    assert ana_lima.source == referral and ana_lima.stage.name == "Contacted" and ana_lima.owner == bruno.user
    assert rui.source == referral and rui.stage.name == "New" and rui.owner == ana.user
    assert eva.source == referral  # a default name is recognised in Portuguese too
    entry = Activity.objects.get(lead=rui, kind=Kind.IMPORT)
    assert entry.payload["source_as_written"] == "feira 2024" and entry.payload["owner_as_written"] == "Pedro Sem Conta"


def test_a_choice_outside_the_lists_is_refused(ana):
    job = upload(ana, csv_bytes(ROWS))
    with pytest.raises(ValidationFailed) as refused:
        import_configure(
            actor=ana, job=job, setup=SetUp(mapping=job.mapping, value_map={"stage": {"Etapa antiga": "new"}})
        )
    assert refused.value.errors[0].field == "values.stage"


def test_a_member_who_cannot_create_sources_gets_them_left_empty(bruno, acme):
    from funil.accounts.models import Membership, Role

    Membership.objects.filter(user=bruno.user).update(role=Role.MANAGER)
    from funil.accounts.access import actor_for

    manager = actor_for(bruno.user, acme)
    job = upload(manager, csv_bytes(ROWS[:2]))
    assert job.value_map["source"] == {"Feira 2024": ""}
    with pytest.raises(ValidationFailed):
        import_configure(
            actor=manager, job=job, setup=SetUp(mapping=job.mapping, value_map={"source": {"Feira 2024": "new"}})
        )
