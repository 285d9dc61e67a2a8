"""A merged lead disappears from boards, lists, search and counts (the PostgreSQL stage totals too), comes back on
undo, and its old links lead to the survivor."""

from decimal import Decimal

from django.urls import reverse

from funil.analytics.selectors import workspace_summary
from funil.contacts.services import contact_create
from funil.intake.merge.services import lead_merge, lead_merge_undo
from funil.leads import stage_totals
from funil.leads.models import Lead
from funil.leads.selectors import LeadFilter, board_columns, default_pipeline, leads_filtered, my_day
from funil.pipelines.models import PipelineKind
from funil.search import global_search
from funil.testing.factories import make_lead

from .helpers import versions


def merge(actor, survivor, *others):
    return lead_merge(
        actor=actor, survivor=survivor, others=list(others), choices={}, expected_versions=versions(survivor, *others)
    )


def first_column(actor, f=None):
    pipeline = default_pipeline(actor, PipelineKind.LEAD)
    column = board_columns(actor, pipeline, f or LeadFilter())[0]
    return column.count, column.total, [card.pk for card in column.cards]


def test_boards_lists_search_and_counts_leave_the_merged_lead_out_and_undo_brings_it_back(ana):
    contact = contact_create(actor=ana, data={"first_name": "Joana"})
    survivor = make_lead(ana, first_name="Joana", email="joana@padaria.com.br", expected_value="100")
    other = make_lead(ana, first_name="Joana", email="jo@padaria.com.br", expected_value="250", contact=contact.pk)
    assert first_column(ana) == (2, Decimal("350"), [other.pk, survivor.pk])
    assert workspace_summary(ana).open_leads == 2

    record = merge(ana, survivor, other)

    assert first_column(ana)[:2] == (1, Decimal("100"))  # PostgreSQL: the trigger's totals dropped it
    assert first_column(ana, LeadFilter(q="joana"))[:2] == (1, Decimal("100"))  # live counts (filtered, SQLite)
    assert list(leads_filtered(ana, LeadFilter()).values_list("pk", flat=True)) == [survivor.pk]
    assert [lead.pk for lead in global_search(ana, "jo@padaria.com.br").leads] == []
    assert [lead.pk for lead in global_search(ana, "joana").leads] == [survivor.pk]
    summary = workspace_summary(ana)
    assert (summary.open_leads, summary.new_leads_7d, summary.lead_stages[0].count) == (1, 1, 1)
    assert [lead.pk for lead in my_day(ana, quiet_days=7).new_leads] == [survivor.pk]
    # The survivor took the contact link; the tombstone, still linked too, is not listed.
    assert Lead.all_objects.get(pk=other.pk).contact_id == contact.pk
    assert [lead.pk for lead in contact.leads.all()] == [survivor.pk]

    lead_merge_undo(actor=ana, merge=record)

    assert first_column(ana) == (2, Decimal("350"), [other.pk, survivor.pk])
    assert workspace_summary(ana).open_leads == 2


def test_the_kept_totals_follow_a_merge_and_its_undo(ana):
    survivor = make_lead(ana, expected_value="10")
    others = [make_lead(ana, expected_value="5") for _ in range(2)]
    stage = survivor.stage_id
    record = merge(ana, survivor, *others)
    if stage_totals.available():
        assert stage_totals.stage_totals(ana, [stage]) == {stage: (1, Decimal("10"))}
        stage_totals.rebuild(ana.workspace.pk)  # a recount agrees with the trigger
        assert stage_totals.stage_totals(ana, [stage]) == {stage: (1, Decimal("10"))}
    lead_merge_undo(actor=ana, merge=record)
    if stage_totals.available():
        assert stage_totals.stage_totals(ana, [stage]) == {stage: (3, Decimal("20"))}
    assert first_column(ana)[:2] == (3, Decimal("20"))


def test_the_card_of_a_merged_lead_redirects_to_the_survivor(client, ana):
    survivor, other = make_lead(ana), make_lead(ana)
    merge(ana, survivor, other)
    client.force_login(ana.user)
    response = client.get(reverse("web:lead_card", args=[other.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("web:lead_card", args=[survivor.pk])
    assert client.get(response["Location"]).status_code == 200


def test_an_inline_edit_through_a_merged_lead_from_a_stale_form_is_a_conflict(client, ana):
    survivor, other = make_lead(ana, city="Recife"), make_lead(ana)
    merge(ana, survivor, other)
    client.force_login(ana.user)
    url = reverse("web:lead_field", args=[other.pk, "city"])
    response = client.post(url, {"value": "Natal", "version": 1}, HTTP_HX_REQUEST="true")
    assert "changed this record meanwhile" in response.content.decode()
    assert Lead.objects.get(pk=survivor.pk).city == "Recife"
