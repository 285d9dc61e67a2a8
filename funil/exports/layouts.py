"""An export's layout for one workspace and kind: its columns, its custom fields, and its times read in the
workspace's time zone."""

from dataclasses import replace
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import connection
from django.utils.translation import gettext as _

from funil.accounts.models import Workspace
from funil.contacts.models import Company, Contact
from funil.deals.models import Deal
from funil.leads.models import Lead

from .columns import Cell, Column, Layout, company_columns, contact_columns, deal_columns, lead_columns
from .custom import custom_columns
from .expressions import LocalTime
from .names import workspace_names

KINDS = ("lead", "deal", "contact", "company")


def layout_for(workspace: Workspace, kind: str, *, text_times: bool = False) -> Layout:
    """The columns of `kind` for this workspace, headers in the active language; times as text ("2026-11-23
    14:05:00") when `text_times`, else as naive datetimes in the workspace's time zone."""
    names = workspace_names(workspace.pk)
    custom = custom_columns(workspace.pk, kind)
    if kind == "lead":
        layout = Layout(kind, Lead, "leads", _("Leads"), lead_columns(names) + custom)
    elif kind == "deal":
        layout = Layout(kind, Deal, "deals", _("Deals"), deal_columns(names) + custom)
    elif kind == "contact":
        layout = Layout(kind, Contact, "contacts", _("Contacts"), contact_columns(names) + custom)
    elif kind == "company":
        layout = Layout(kind, Company, "companies", _("Companies"), company_columns(names) + custom)
    else:
        raise ValueError(f"unknown export kind {kind!r}")
    layout.columns = [_local_time(c, valid_zone(workspace.time_zone), text_times) for c in layout.columns]
    return layout


def _local_time(column: Column, zone: str, text_times: bool) -> Column:
    """A time column read in the workspace's time zone; as final text when the database can write it."""
    if column.cell != Cell.DATETIME:
        return column
    if text_times and connection.vendor == "postgresql":
        return replace(column, source=LocalTime(column.source, zone, as_text=True), cell=Cell.LABEL)
    return replace(column, source=LocalTime(column.source, zone))


def valid_zone(name: str) -> str:
    """The workspace's time zone if this system knows it, else UTC (rather than no export)."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return "UTC"
    return name
