"""The fields a stage may require before a record enters it (Stage.required_fields, checked by gates.py).

Only fields a person fills in are offered: fields with a default that always counts as filled (authority,
timeline, a deal's title) would make a gate that never closes.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _

from funil.catalog.models import CustomField

from .models import PipelineKind

LEAD_FIELDS: dict[str, Any] = {
    "first_name": _("First name"),
    "last_name": _("Last name"),
    "title": _("Job title"),
    "company_name": _("Company"),
    "email": _("Email"),
    "phone": _("Phone"),
    "mobile": _("Mobile / WhatsApp"),
    "website": _("Website"),
    "city": _("City"),
    "country": _("Country (ISO code)"),
    "budget": _("Budget"),
    "need": _("Need"),
    "products": _("Products of interest"),
    "expected_value": _("Expected value"),
    "source": _("Source"),
    "campaign": _("Campaign"),
}
DEAL_FIELDS: dict[str, Any] = {
    "amount": _("Amount"),
    "expected_close_date": _("Expected close date"),
    "contact": _("Contact"),
    "company": _("Company"),
    "source": _("Source"),
    "products": _("Products"),
}
CUSTOM_PREFIX = "custom:"


def gate_field_choices(workspace_id: int, kind: str) -> list[tuple[str, Any]]:
    """(name, label) of every field a stage of a `kind` pipeline may require: built-in, then active custom fields."""
    builtin = LEAD_FIELDS if kind == PipelineKind.LEAD else DEAL_FIELDS
    custom = CustomField.objects.filter(workspace_id=workspace_id, entity=kind, active=True).values_list("key", "label")
    return [*builtin.items(), *((f"{CUSTOM_PREFIX}{key}", label) for key, label in custom)]


def gate_field_labels(workspace_id: int, kind: str) -> dict[str, Any]:
    """Labels of everything a stage may name, including custom fields since deactivated."""
    builtin = LEAD_FIELDS if kind == PipelineKind.LEAD else DEAL_FIELDS
    custom = CustomField.objects.filter(workspace_id=workspace_id, entity=kind).values_list("key", "label")
    return {**builtin, **{f"{CUSTOM_PREFIX}{key}": label for key, label in custom}}
