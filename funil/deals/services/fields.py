"""Which deal fields a person may set, and how each raw value is read."""

import datetime
from typing import Any

from django.utils.translation import gettext as _

from funil.accounts.models import Workspace
from funil.catalog.custom_fields import validate_custom_fields
from funil.catalog.models import Campaign, Source
from funil.contacts.models import Company, Contact
from funil.core.inputs import InputReader
from funil.leads.models import Lead

from ..errors import DealError
from ..models import Deal

REFERENCES = {
    "contact": Contact.objects.all(),
    "company": Company.objects.all(),
    "lead": Lead.objects.all(),
    "source": Source.objects.all(),
    "campaign": Campaign.objects.all(),
}
EDITABLE_FIELDS = frozenset(
    {"title", "amount", "currency", "probability", "expected_close_date", "custom_fields", *REFERENCES}
)
SERVICE_FIELDS = frozenset({"pipeline", "stage", "status", "owner", "team", "lost_reason", "version"})


def read_deal_input(
    workspace: Workspace, data: dict[str, Any], *, deal: Deal | None = None, scope: Any = None
) -> dict[str, Any]:
    reader = InputReader(workspace_id=workspace.pk, country=workspace.country, scope=scope)
    for key, value in data.items():
        if key in SERVICE_FIELDS:
            reader.fail(
                key,
                DealError.FIELD_READ_ONLY,
                _("%(field)s is changed by its own action, not by an edit.") % {"field": key},
            )
        elif key not in EDITABLE_FIELDS:
            reader.fail(key, DealError.FIELD_UNKNOWN, _("Deals have no field %(field)r.") % {"field": key})
        elif key == "title":
            reader.text(key, value, 200)
            if not reader.values.get("title"):
                reader.fail(key, DealError.TITLE_REQUIRED, _("A deal needs a title."))
        elif key == "amount":
            reader.amount(key, value if value not in (None, "") else 0)
        elif key == "currency":
            reader.currency(key, value or workspace.currency)
        elif key == "probability":
            _read_probability(reader, value)
        elif key == "expected_close_date":
            _read_date(reader, key, value)
        elif key == "custom_fields":
            _read_custom(reader, workspace, value, deal)
        else:
            reader.reference(key, value, REFERENCES[key], current=getattr(deal, f"{key}_id", None))
    reader.raise_if_errors()
    return reader.values


def _read_probability(reader: InputReader, value: Any) -> None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = -1
    if not 0 <= number <= 100:
        reader.fail("probability", "invalid", _("Probability is a whole number from 0 to 100."))
        return
    reader.values["probability"] = number


def _read_date(reader: InputReader, key: str, value: Any) -> None:
    if value in (None, ""):
        reader.values[key] = None
    elif isinstance(value, datetime.date):
        reader.values[key] = value
    else:
        try:
            reader.values[key] = datetime.date.fromisoformat(str(value))
        except ValueError:
            reader.fail(key, "invalid", _("Use a date like 2026-12-31."))


def _read_custom(reader: InputReader, workspace: Workspace, value: Any, deal: Deal | None) -> None:
    if not isinstance(value, dict):
        reader.fail("custom_fields", "invalid", _("Custom fields must be an object of key: value."))
        return
    existing = deal.custom_fields if deal else {}
    reader.run(
        "custom_fields",
        lambda: {
            "custom_fields": validate_custom_fields(
                workspace_id=workspace.pk, entity="deal", values=value, existing=existing
            )
        },
    )
