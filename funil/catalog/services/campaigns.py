"""Campaigns: a name, the source they feed, their dates and what they cost (cost per lead is computed from it)."""

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from funil.accounts.access import Actor, require
from funil.accounts.audit import setting_changed
from funil.accounts.settings_kit import (
    read_name,
    reader_for,
    refuse_clash,
    refuse_duplicate,
    refuse_unknown,
    save_changes,
)
from funil.core.inputs import InputReader

from ..errors import CatalogError
from ..models import Campaign, Source

CAMPAIGN_FIELDS = ("name", "source", "cost", "currency", "starts_on", "ends_on")


def campaign_create(*, actor: Actor, data: dict[str, Any]) -> Campaign:
    require(actor, "settings", "update")
    refuse_unknown(data, CAMPAIGN_FIELDS)
    values = _read(actor, {"name": "", "cost": 0, "currency": "", **data}, None)
    with transaction.atomic():
        with refuse_clash():
            campaign = Campaign.objects.create(workspace=actor.workspace, **values)
        setting_changed(actor, area="campaign", action="created", obj=campaign, changes=values)
    return campaign


def campaign_update(*, actor: Actor, campaign: Campaign, changes: dict[str, Any]) -> Campaign:
    require(actor, "settings", "update", campaign)
    refuse_unknown(changes, CAMPAIGN_FIELDS)
    values = _read(actor, changes, campaign)
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        save_changes(actor, campaign, values, area="campaign")
    return campaign


def _read(actor: Actor, data: dict[str, Any], campaign: Campaign | None) -> dict[str, Any]:
    reader = reader_for(actor)
    for key, value in data.items():
        if key == "name":
            read_name(reader, value, max_length=200)
            refuse_duplicate(reader, Campaign.objects.filter(workspace=actor.workspace), exclude=campaign)
        elif key == "source":
            reader.reference(key, value, Source.objects.all(), current=getattr(campaign, "source_id", None))
        elif key == "cost":
            reader.amount(key, value if value not in (None, "") else 0)
        elif key == "currency":
            reader.currency(key, value or actor.workspace.currency)
        elif key in ("starts_on", "ends_on"):
            _read_date(reader, key, value)
    _check_order(reader, campaign)
    reader.raise_if_errors()
    return reader.values


def _read_date(reader: InputReader, field: str, value: Any) -> None:
    if value in (None, ""):
        reader.values[field] = None
        return
    try:
        reader.values[field] = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))
    except ValueError:
        reader.fail(field, CatalogError.DATE_INVALID, _("Write the date as YYYY-MM-DD."))


def _check_order(reader: InputReader, campaign: Campaign | None) -> None:
    starts = reader.values.get("starts_on", campaign.starts_on if campaign else None)
    ends = reader.values.get("ends_on", campaign.ends_on if campaign else None)
    if starts and ends and ends < starts:
        reader.fail("ends_on", CatalogError.DATES_ORDER, _("A campaign ends on or after the day it starts."))
