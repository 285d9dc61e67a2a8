"""Lead sources and campaigns from the Settings pages."""

import datetime
from decimal import Decimal

import pytest

from funil.catalog.errors import CatalogError
from funil.catalog.models import Campaign, Source, SourceKind
from funil.catalog.services import campaign_create, campaign_update, source_create, source_update
from funil.core.errors import Forbidden, ValidationFailed


def test_ana_adds_renames_retires_and_restores_a_source(ana):
    source = source_create(actor=ana, data={"name": "Trade fair", "kind": SourceKind.OTHER})
    assert source.position == 10 and source.active
    source_update(actor=ana, source=source, changes={"name": "Trade fair 2026", "active": False})
    stored = Source.objects.get(pk=source.pk)
    assert (stored.name, stored.active) == ("Trade fair 2026", False)
    source_update(actor=ana, source=source, changes={"active": True})
    assert Source.objects.get(pk=source.pk).active


def test_bad_sources_are_refused(ana):
    with pytest.raises(ValidationFailed) as bad:
        source_create(actor=ana, data={"name": "referral", "kind": "pigeon"})
    assert {e.field: e.code for e in bad.value.errors} == {
        "name": "name_taken",
        "kind": CatalogError.SOURCE_KIND_INVALID,
    }
    with pytest.raises(ValidationFailed):
        source_create(actor=ana, data={"kind": SourceKind.OTHER})


def test_ana_adds_a_campaign_with_its_source_dates_and_cost(ana):
    fair = Source.objects.get(workspace=ana.workspace, kind=SourceKind.CAMPAIGN)
    campaign = campaign_create(
        actor=ana,
        data={
            "name": "Black Friday",
            "source": fair.pk,
            "starts_on": "2026-11-20",
            "ends_on": "2026-11-30",
            "cost": "5000",
        },
    )
    assert (campaign.source, campaign.cost, campaign.currency) == (fair, Decimal("5000.00"), "BRL")
    campaign_update(actor=ana, campaign=campaign, changes={"ends_on": "2026-12-02", "source": ""})
    stored = Campaign.objects.get(pk=campaign.pk)
    assert (stored.ends_on, stored.source) == (datetime.date(2026, 12, 2), None)


def test_bad_campaigns_are_refused_field_by_field(ana, carla):
    campaign_create(actor=ana, data={"name": "Black Friday"})
    globex_source = Source.objects.filter(workspace=carla.workspace).first()
    with pytest.raises(ValidationFailed) as bad:
        campaign_create(
            actor=ana,
            data={
                "name": "black friday",
                "source": globex_source.pk,
                "starts_on": "20/11/2026",
                "cost": "lots",
                "currency": "R$",
            },
        )
    assert {e.field: e.code for e in bad.value.errors} == {
        "name": "name_taken",
        "source": "reference_invalid",
        "starts_on": CatalogError.DATE_INVALID,
        "cost": "amount_invalid",
        "currency": "currency_invalid",
    }


def test_a_campaign_ends_on_or_after_it_starts_even_when_one_date_changes(ana):
    campaign = campaign_create(actor=ana, data={"name": "Spring", "starts_on": "2026-03-01", "ends_on": "2026-03-31"})
    with pytest.raises(ValidationFailed) as order:
        campaign_update(actor=ana, campaign=campaign, changes={"ends_on": "2026-02-01"})
    assert order.value.errors[0].code == CatalogError.DATES_ORDER
    assert Campaign.objects.get(pk=campaign.pk).ends_on == datetime.date(2026, 3, 31)


def test_only_acme_admins_change_acme_sources_and_campaigns(ana, bruno, rita, carla):
    source = Source.objects.filter(workspace=ana.workspace).first()
    campaign = campaign_create(actor=ana, data={"name": "Spring"})
    for outsider in (bruno, rita):
        with pytest.raises(Forbidden):
            source_create(actor=outsider, data={"name": "Mine"})
        with pytest.raises(Forbidden):
            campaign_create(actor=outsider, data={"name": "Mine"})
    for outsider in (bruno, rita, carla):
        with pytest.raises(Forbidden):
            source_update(actor=outsider, source=source, changes={"active": False})
        with pytest.raises(Forbidden):
            campaign_update(actor=outsider, campaign=campaign, changes={"name": "Mine"})
    assert Source.objects.get(pk=source.pk).active and Campaign.objects.get(pk=campaign.pk).name == "Spring"
