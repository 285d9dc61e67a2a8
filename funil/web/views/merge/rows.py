"""The merge page's rows: each field with every lead's value, the one chosen by default, and labels."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from funil.catalog.models import CustomField
from funil.intake.merge.fields import CUSTOM, PRODUCTS, choice_keys, default_choices, has_value, value_of
from funil.leads.models import Lead

from ...lead_fields import BASIC, COMPLEMENTARY, QUALIFIERS

LABELS: dict[str, Any] = {
    **{spec.name: spec.label for spec in (*BASIC, *QUALIFIERS, *COMPLEMENTARY)},
    "company": _("Company record"),
    "contact": _("Contact"),
    "utm_source": _("UTM source"),
    "utm_medium": _("UTM medium"),
    "utm_campaign": _("UTM campaign"),
    "utm_term": _("UTM term"),
    "utm_content": _("UTM content"),
}
_CHOICE_FIELDS = {"authority", "timeline"}


@dataclass
class Cell:
    lead: Lead
    shown: str
    filled: bool


@dataclass
class Row:
    key: str
    label: Any
    cells: list[Cell]
    chosen: int | str

    @property
    def differs(self) -> bool:
        return len({cell.shown for cell in self.cells if cell.filled}) > 1


def merge_rows(leads: list[Lead], chosen: dict[str, Any] | None = None) -> list[Row]:
    """A row per field some lead has a value for; products last. `chosen` (a re-shown form) overrides defaults."""
    survivor, others = leads[0], leads[1:]
    given = {key: int(v) if str(v).isdigit() else v for key, v in (chosen or {}).items()}
    picked = {**default_choices(survivor, others), **given}
    custom = dict(
        CustomField.objects.filter(workspace_id=survivor.workspace_id, entity="lead").values_list("key", "label")
    )
    rows = []
    for key in choice_keys(leads):
        if key == PRODUCTS:
            continue
        cells = [Cell(lead, _shown(lead, key), has_value(lead, key)) for lead in leads]
        if any(cell.filled for cell in cells):
            label = custom.get(key.removeprefix(CUSTOM), key.removeprefix(CUSTOM)) if key.startswith(CUSTOM) else None
            rows.append(Row(key, label or LABELS.get(key, key), cells, picked[key]))
    return rows


def product_names(leads: list[Lead]) -> dict[int, list[str]]:
    return {lead.pk: [p.name for p in lead.products.all()] for lead in leads}


def _shown(lead: Lead, key: str) -> str:
    if not has_value(lead, key):
        return ""
    if key in _CHOICE_FIELDS:
        return str(getattr(lead, f"get_{key}_display")())
    if key == "phone" and lead.phone_extension:
        return gettext("%(phone)s ext. %(extension)s") % {"phone": lead.phone, "extension": lead.phone_extension}
    if key == "expected_value":
        return f"{lead.expected_value} {lead.currency}".strip()
    return str(value_of(lead, key))
