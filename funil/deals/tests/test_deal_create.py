from decimal import Decimal

import pytest

from funil.activities.models import Activity, Kind
from funil.catalog.models import Product
from funil.contacts.services import contact_create
from funil.core.errors import Forbidden, ValidationFailed
from funil.deals.models import Deal, DealLine, DealStatus
from funil.deals.services import deal_create
from funil.pipelines.models import Pipeline, PipelineKind
from funil.testing.factories import deal_stage, lead_stage


def codes(exc: ValidationFailed) -> dict[str, str]:
    return {e.field: e.code for e in exc.errors}


def product(actor, name: str, price: str) -> Product:
    return Product.objects.create(workspace=actor.workspace, name=name, currency="BRL", price=Decimal(price))


def test_a_new_deal_starts_open_in_the_first_deal_stage_owned_by_its_creator(bruno):
    deal = deal_create(actor=bruno, data={"title": "  Padaria   Boa ", "amount": "1500"})
    assert deal.stage.name == "Qualification"
    assert deal.status == DealStatus.OPEN
    assert (deal.owner_id, deal.team_id) == (bruno.user.pk, bruno.team_id)
    assert deal.title == "Padaria Boa"
    assert deal.amount == Decimal("1500.00")
    assert deal.currency == "BRL"
    assert deal.probability == 20
    assert deal.version == 1


def test_creation_is_on_the_timeline_in_the_same_write(ana):
    deal = deal_create(actor=ana, data={"title": "Acme renewal", "amount": "99.9"})
    entry = Activity.objects.get(deal=deal)
    assert entry.kind == Kind.SYSTEM
    assert entry.actor_id == ana.user.pk
    assert entry.payload["created"]["title"] == "Acme renewal"
    assert entry.payload["created"]["amount"] == "99.90"
    assert entry.payload["stage"] == "Qualification"


def test_a_deal_needs_a_title(ana):
    for data in ({}, {"title": "   "}, {"title": None}):
        with pytest.raises(ValidationFailed) as exc:
            deal_create(actor=ana, data=data)
        assert codes(exc.value) == {"title": "deal_title_required"}
    assert not Deal.objects.exists()


def test_every_bad_field_is_reported_at_once(ana):
    with pytest.raises(ValidationFailed) as exc:
        deal_create(
            actor=ana,
            data={
                "title": "X",
                "amount": "lots",
                "currency": "R$",
                "probability": 150,
                "expected_close_date": "31/12/2026",
                "stage": 1,
                "colour": "blue",
            },
        )
    assert codes(exc.value) == {
        "amount": "amount_invalid",
        "currency": "currency_invalid",
        "probability": "invalid",
        "expected_close_date": "invalid",
        "stage": "field_read_only",
        "colour": "field_unknown",
    }


def test_the_probability_and_close_date_given_are_kept(ana):
    deal = deal_create(actor=ana, data={"title": "X", "probability": "35", "expected_close_date": "2026-12-31"})
    assert deal.probability == 35
    assert deal.expected_close_date.isoformat() == "2026-12-31"


def test_product_lines_set_the_amount(ana):
    crm, setup = product(ana, "CRM seat", "120.00"), product(ana, "Setup", "900.00")
    deal = deal_create(
        actor=ana,
        data={"title": "Seats"},
        lines=[
            {"product": crm.pk, "quantity": 10},
            {"product": setup.pk, "quantity": "1", "unit_price": "500"},
        ],
    )
    assert deal.amount == Decimal("1700.00")
    assert sorted(line.total for line in DealLine.objects.filter(deal=deal)) == [Decimal(500), Decimal(1200)]


def test_an_amount_given_with_the_lines_is_kept(ana):
    crm = product(ana, "CRM seat", "120.00")
    deal = deal_create(
        actor=ana, data={"title": "Seats", "amount": "1000"}, lines=[{"product": crm.pk, "quantity": 10}]
    )
    assert deal.amount == Decimal("1000.00")
    assert DealLine.objects.get(deal=deal).total == Decimal(1200)


def test_each_bad_line_is_reported_and_nothing_is_written(ana, carla):
    theirs = Product.objects.create(workspace=carla.workspace, name="Foreign", currency="EUR", price=10)
    ours = product(ana, "CRM seat", "120.00")
    with pytest.raises(ValidationFailed) as exc:
        deal_create(
            actor=ana,
            data={"title": "Seats"},
            lines=[
                {"product": theirs.pk},
                {"product": ours.pk, "quantity": 0},
                {"product": ours.pk, "unit_price": -1},
            ],
        )
    assert codes(exc.value) == {f"lines.{i}": "deal_line_invalid" for i in range(3)}
    assert not Deal.objects.exists()
    assert not DealLine.objects.exists()


def test_a_deal_cannot_start_in_a_closing_stage(ana):
    for name in ("Won", "Lost"):
        with pytest.raises(ValidationFailed) as exc:
            deal_create(actor=ana, data={"title": "X"}, stage=deal_stage(ana, name))
        assert exc.value.code == "deal_closed"


def test_a_deal_cannot_start_in_a_lead_stage_or_another_workspaces_stage(ana, carla):
    for stage in (lead_stage(ana, "New"), deal_stage(carla, "Qualification")):
        with pytest.raises(ValidationFailed) as exc:
            deal_create(actor=ana, data={"title": "X"}, stage=stage)
        assert exc.value.code == "stage_not_in_pipeline"
        assert exc.value.field == "stage"
    assert not Deal.objects.exists()


def test_a_deal_can_start_in_a_later_open_stage_with_its_probability(ana):
    deal = deal_create(actor=ana, data={"title": "X"}, stage=deal_stage(ana, "Negotiation"))
    assert (deal.stage.name, deal.probability) == ("Negotiation", 75)


def test_a_workspace_without_a_default_deal_pipeline_says_so(ana):
    Pipeline.objects.filter(workspace=ana.workspace, kind=PipelineKind.DEAL).update(is_default=False)
    with pytest.raises(ValidationFailed) as exc:
        deal_create(actor=ana, data={"title": "X"})
    assert exc.value.code == "no_pipeline"


def test_references_must_belong_to_the_workspace(ana, carla):
    foreign = contact_create(actor=carla, data={"first_name": "Pepe"})
    with pytest.raises(ValidationFailed) as exc:
        deal_create(actor=ana, data={"title": "X", "contact": foreign.pk})
    assert codes(exc.value) == {"contact": "reference_invalid"}
    ours = contact_create(actor=ana, data={"first_name": "João"})
    assert deal_create(actor=ana, data={"title": "X", "contact": ours.pk}).contact == ours


def test_the_owner_must_be_a_member(ana, carla):
    with pytest.raises(ValidationFailed) as exc:
        deal_create(actor=ana, data={"title": "X"}, owner_id=carla.user.pk)
    assert exc.value.code == "owner_not_member"


def test_a_read_only_member_cannot_create_deals(rita):
    with pytest.raises(Forbidden):
        deal_create(actor=rita, data={"title": "X"})
    assert not Deal.objects.exists()


def test_an_amount_too_large_to_store_is_refused_as_invalid(ana):
    """Deal.amount is NUMERIC(14, 2): a 16-digit amount must be a 422, not a database error."""
    with pytest.raises(ValidationFailed) as exc:
        deal_create(actor=ana, data={"title": "X", "amount": "1000000000000000"})
    assert codes(exc.value) == {"amount": "amount_invalid"}
