"""Every column an export writes, per record kind: its header, where its value comes from, and what kind of cell
it is. Values are read with `values_list` (tuples, no model instances); foreign keys become names through the
workspace's name tables (funil.exports.names), the linked company, contact or lead through a join, products through
a subquery listing their ids (funil.exports.expressions); custom fields follow (funil.exports.custom).

Built per export, in the reader's language: headers and choice labels are translated when the export starts.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from funil.contacts.models import Lifecycle
from funil.deals.models import DealLine, DealStatus
from funil.leads.models import Authority, Lead, LeadStatus, Timeline

from .expressions import linked, person, product_ids
from .names import Names, WorkspaceNames
from .safety import as_text


class Cell(StrEnum):
    """What a column holds, which decides how each format writes it."""

    TEXT = "text"  # typed by someone: made formula-safe when written
    LABEL = "label"  # a name or label this export already made safe
    NUMBER = "number"
    DATE = "date"
    DATETIME = "datetime"
    BOOL = "bool"


@dataclass(frozen=True)
class Column:
    label: str
    source: Any  # a field path or an expression, for values_list
    cell: Cell = Cell.TEXT
    convert: Callable[[Any], Any] | None = None  # database value -> cell value


class ProductNames:
    """A record's products, as the names of the ids its subquery lists ("3,7"), sorted, joined with ", "."""

    def __init__(self, names: Names) -> None:
        self._names = names

    def __call__(self, ids: str | None) -> str | None:
        if not ids:
            return None
        found = {name for pk in ids.split(",") if (name := self._names[int(pk)])}
        return ", ".join(sorted(found, key=str.casefold)) or None


@dataclass
class Layout:
    """One kind's export: its columns (one `values_list` entry each), custom fields last."""

    kind: str
    model: type[models.Model]
    plural: str  # the file name's stem, never translated: leads, deals, contacts, companies
    title: str  # the XLSX sheet name, translated
    columns: list[Column]

    @property
    def header(self) -> list[str]:
        return [c.label for c in self.columns]

    @property
    def sources(self) -> list[Any]:
        return [c.source for c in self.columns]


# Labels of choices, read once per export; an unknown stored value is written as it is.


class _Labels(dict[Any, Any]):
    def __missing__(self, key: Any) -> Any:
        return as_text(key)


def labels(choices: Sequence[tuple[str, Any]], *, blank: bool = False) -> Callable[[Any], str | None]:
    """value -> its label in the reader's language; the "unknown" choice ("") as an empty cell when `blank`."""
    table = _Labels({value: str(label) for value, label in choices})
    if blank:
        table[""] = None
    return table.__getitem__


def _address() -> list[Column]:
    return [
        Column(_("Street"), "street"),
        Column(_("City"), "city"),
        Column(_("Region"), "region"),
        Column(_("Postal code"), "postal_code"),
        Column(_("Country"), "country"),
    ]


def _channels() -> list[Column]:
    return [
        Column(_("Email"), "email"),
        Column(_("Phone"), "phone"),
        Column(_("Phone (E.164)"), "phone_e164"),
        Column(_("Phone extension"), "phone_extension"),
        Column(_("Mobile / WhatsApp"), "mobile"),
        Column(_("Mobile (E.164)"), "mobile_e164"),
        Column(_("Website"), "website"),
    ]


def _consent() -> list[Column]:
    return [
        Column(_("Marketing consent"), "marketing_consent", Cell.BOOL),
        Column(_("Consent given"), "consent_at", Cell.DATETIME),
        Column(_("Consent source"), "consent_source"),
    ]


def _owner(names: WorkspaceNames) -> list[Column]:
    return [
        Column(_("Owner"), "owner_id", Cell.LABEL, names.users.__getitem__),
        Column(_("Team"), "team_id", Cell.LABEL, names.teams.__getitem__),
    ]


def _stamps() -> list[Column]:
    return [Column(_("Created"), "created_at", Cell.DATETIME), Column(_("Updated"), "updated_at", Cell.DATETIME)]


def lead_columns(names: WorkspaceNames) -> list[Column]:
    return [
        Column(_("ID"), "id", Cell.NUMBER),
        Column(_("First name"), "first_name"),
        Column(_("Last name"), "last_name"),
        Column(_("Job title"), "title"),
        Column(_("Company"), "company_name"),
        Column(_("Linked company"), linked("company__name")),
        Column(_("Linked contact"), person("contact__", "email")),
        *_channels(),
        Column(_("Language"), "language"),
        *_address(),
        Column(_("Source"), "source_id", Cell.LABEL, names.sources.__getitem__),
        Column(_("Campaign"), "campaign_id", Cell.LABEL, names.campaigns.__getitem__),
        Column(_("UTM source"), "utm_source"),
        Column(_("UTM medium"), "utm_medium"),
        Column(_("UTM campaign"), "utm_campaign"),
        Column(_("UTM term"), "utm_term"),
        Column(_("UTM content"), "utm_content"),
        Column(_("Products"), product_ids(Lead.products.through, "lead"), Cell.LABEL, ProductNames(names.products)),
        Column(_("Budget"), "budget", Cell.NUMBER),
        Column(_("Authority"), "authority", Cell.LABEL, labels(Authority.choices, blank=True)),
        Column(_("Need"), "need"),
        Column(_("Timeline"), "timeline", Cell.LABEL, labels(Timeline.choices, blank=True)),
        Column(_("Pipeline"), "pipeline_id", Cell.LABEL, names.pipelines.__getitem__),
        Column(_("Stage"), "stage_id", Cell.LABEL, names.stages.__getitem__),
        Column(_("Status"), "status", Cell.LABEL, labels(LeadStatus.choices)),
        Column(_("Junk reason"), "junk_reason_id", Cell.LABEL, names.reasons.__getitem__),
        Column(_("Junk note"), "junk_note"),
        Column(_("Score"), "score", Cell.NUMBER),
        Column(_("Expected value"), "expected_value", Cell.NUMBER),
        Column(_("Currency"), "currency"),
        *_owner(names),
        Column(_("Next follow-up"), "next_followup_at", Cell.DATETIME),
        Column(_("First contacted"), "first_contacted_at", Cell.DATETIME),
        Column(_("Closed"), "closed_at", Cell.DATETIME),
        *_consent(),
        Column(_("Created by"), "created_by_id", Cell.LABEL, names.users.__getitem__),
        *_stamps(),
    ]


def deal_columns(names: WorkspaceNames) -> list[Column]:
    return [
        Column(_("ID"), "id", Cell.NUMBER),
        Column(_("Title"), "title"),
        Column(_("Amount"), "amount", Cell.NUMBER),
        Column(_("Currency"), "currency"),
        Column(_("Pipeline"), "pipeline_id", Cell.LABEL, names.pipelines.__getitem__),
        Column(_("Stage"), "stage_id", Cell.LABEL, names.stages.__getitem__),
        Column(_("Status"), "status", Cell.LABEL, labels(DealStatus.choices)),
        Column(_("Probability"), "probability", Cell.NUMBER),
        Column(_("Expected close"), "expected_close_date", Cell.DATE),
        Column(_("Company"), linked("company__name")),
        Column(_("Contact"), person("contact__", "email")),
        Column(_("Lead"), person("lead__", "company_name", "email")),
        Column(_("Products"), product_ids(DealLine, "deal"), Cell.LABEL, ProductNames(names.products)),
        Column(_("Source"), "source_id", Cell.LABEL, names.sources.__getitem__),
        Column(_("Campaign"), "campaign_id", Cell.LABEL, names.campaigns.__getitem__),
        Column(_("Lost reason"), "lost_reason_id", Cell.LABEL, names.reasons.__getitem__),
        Column(_("Lost note"), "lost_note"),
        *_owner(names),
        Column(_("Next follow-up"), "next_followup_at", Cell.DATETIME),
        Column(_("Closed"), "closed_at", Cell.DATETIME),
        Column(_("Created by"), "created_by_id", Cell.LABEL, names.users.__getitem__),
        *_stamps(),
    ]


def contact_columns(names: WorkspaceNames) -> list[Column]:
    return [
        Column(_("ID"), "id", Cell.NUMBER),
        Column(_("First name"), "first_name"),
        Column(_("Last name"), "last_name"),
        Column(_("Job title"), "title"),
        Column(_("Company"), linked("company__name")),
        *_channels(),
        Column(_("Language"), "language"),
        Column(_("Lifecycle"), "lifecycle", Cell.LABEL, labels(Lifecycle.choices)),
        *_address(),
        *_consent(),
        *_owner(names),
        *_stamps(),
    ]


def company_columns(names: WorkspaceNames) -> list[Column]:
    return [
        Column(_("ID"), "id", Cell.NUMBER),
        Column(_("Name"), "name"),
        Column(_("Domain"), "domain"),
        Column(_("Website"), "website"),
        Column(_("Phone"), "phone"),
        Column(_("Phone (E.164)"), "phone_e164"),
        Column(_("Industry"), "industry"),
        Column(_("Employees"), "size", Cell.NUMBER),
        *_address(),
        *_owner(names),
        *_stamps(),
    ]
