"""Which lead fields a person may set, and how each raw value is read and normalised."""

from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from funil.accounts.models import Workspace
from funil.catalog.custom_fields import validate_custom_fields
from funil.catalog.models import Campaign, Product, Source
from funil.contacts.models import Company, Contact
from funil.core.inputs import InputReader

from ..errors import LeadError
from ..models import Authority, Lead, Timeline

TEXT_FIELDS = {
    "first_name": 100,
    "last_name": 100,
    "title": 120,
    "company_name": 200,
    "street": 200,
    "city": 120,
    "region": 120,
    "postal_code": 20,
    "language": 10,
    "website": 300,
    "consent_source": 200,
    "utm_source": 200,
    "utm_medium": 200,
    "utm_campaign": 200,
    "utm_term": 200,
    "utm_content": 200,
}
REFERENCES = {
    "source": Source.objects.all(),
    "campaign": Campaign.objects.all(),
    "company": Company.objects.all(),
    "contact": Contact.objects.all(),
}
OTHER_FIELDS = {
    "email",
    "phone",
    "mobile",
    "country",
    "budget",
    "expected_value",
    "currency",
    "authority",
    "timeline",
    "need",
    "marketing_consent",
    "custom_fields",
    "products",
}
EDITABLE_FIELDS = frozenset(TEXT_FIELDS) | frozenset(REFERENCES) | OTHER_FIELDS
# Changed only through their own services (move, assign, junk, convert, scoring).
SERVICE_FIELDS = frozenset({"pipeline", "stage", "status", "owner", "team", "junk_reason", "score", "version"})
IDENTITY_FIELDS = ("first_name", "last_name", "company_name", "email", "phone", "mobile")


def read_lead_input(
    workspace: Workspace, data: dict[str, Any], *, lead: Lead | None = None, scope: Any = None
) -> dict[str, Any]:
    """Normalised values for the given keys; raises ValidationFailed listing every bad field."""
    reader = InputReader(workspace_id=workspace.pk, country=workspace.country, scope=scope)
    for key, value in data.items():
        _read_one(reader, workspace, key, value, lead)
    reader.raise_if_errors()
    return reader.values


@dataclass(frozen=True)
class NewLeadInput:
    """A new lead's fields already read (only `read_new_lead` makes one): lead_create then skips reading them
    again, so a caller that validated early (intake, before matching) does not pay for it twice."""

    values: dict[str, Any]


def read_new_lead(
    workspace: Workspace, data: dict[str, Any], *, scope: Any = None, read_before: dict[str, Any] | None = None
) -> NewLeadInput:
    """`data` read as lead_create reads it (required custom fields checked even when none are sent), over
    `read_before`: what read_lead_input returned for the other keys of the same input."""
    if "custom_fields" in data or "custom_fields" not in (read_before or {}):
        data = {**data, "custom_fields": data.get("custom_fields") or {}}
    values = read_lead_input(workspace, data, scope=scope)
    return NewLeadInput({**(read_before or {}), **values})


def _read_one(reader: InputReader, workspace: Workspace, key: str, value: Any, lead: Lead | None) -> None:
    if key in SERVICE_FIELDS:
        reader.fail(
            key,
            LeadError.FIELD_READ_ONLY,
            _("%(field)s is changed by its own action, not by an edit.") % {"field": key},
        )
    elif key not in EDITABLE_FIELDS:
        reader.fail(key, LeadError.FIELD_UNKNOWN, _("Leads have no field %(field)r.") % {"field": key})
    elif key in TEXT_FIELDS:
        reader.text(key, value, TEXT_FIELDS[key])
    elif key in REFERENCES:
        reader.reference(key, value, REFERENCES[key], current=getattr(lead, f"{key}_id", None))
    elif key == "email":
        reader.email(key, value)
    elif key in ("phone", "mobile"):
        reader.phone(key, value, with_extension=key == "phone")
    elif key == "country":
        reader.country_code(key, value)
    elif key in ("budget", "expected_value"):
        reader.amount(key, value)
    elif key == "currency":
        reader.currency(key, value or workspace.currency)
    elif key == "authority":
        reader.choice(key, value, Authority)
    elif key == "timeline":
        reader.choice(key, value, Timeline)
    elif key == "need":
        reader.long_text(key, value)
    elif key == "marketing_consent":
        reader.boolean(key, value)
        # When consent was given is evidence: it changes only when the answer does.
        if key in reader.values and (lead is None or lead.marketing_consent != value):
            reader.values["consent_at"] = timezone.now() if value is not None else None
    elif key == "custom_fields":
        _read_custom(reader, workspace, value, lead)
    elif key == "products":
        _read_products(reader, workspace, value, lead)


def _read_custom(reader: InputReader, workspace: Workspace, value: Any, lead: Lead | None) -> None:
    if not isinstance(value, dict):
        reader.fail("custom_fields", "invalid", _("Custom fields must be an object of key: value."))
        return
    existing = lead.custom_fields if lead else {}
    reader.run(
        "custom_fields",
        lambda: {
            "custom_fields": validate_custom_fields(
                workspace_id=workspace.pk, entity="lead", values=value, existing=existing
            )
        },
    )


def _read_products(reader: InputReader, workspace: Workspace, value: Any, lead: Lead | None) -> None:
    if not isinstance(value, list | tuple | type(None)):
        reader.fail("products", LeadError.REFERENCE_INVALID, _("Products are a list of product ids."))
        return
    ids: list[Any] = [getattr(v, "pk", v) for v in (value or [])]
    try:
        found = list(Product.objects.filter(workspace=workspace, pk__in=ids))
    except (ValueError, TypeError):
        found = []
    if len(found) != len(set(ids)):
        reader.fail("products", LeadError.REFERENCE_INVALID, _("Some products do not exist in this workspace."))
        return
    held = set(lead.products.values_list("pk", flat=True)) if lead is not None and lead.pk else set()
    retired = [p for p in found if not p.active and p.pk not in held]
    if retired:
        names = ", ".join(str(p) for p in retired)
        reader.fail("products", "reference_retired", _("%(name)s is retired; pick another.") % {"name": names})
        return
    reader.values["products"] = found
