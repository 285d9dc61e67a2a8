"""Fields shown on a record's card (lead, deal, contact, company), grouped, and how each is edited inline.

The lead's groups live in `lead_fields`; this module holds what every record shares and the groups of the
other three.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Q
from django.http import QueryDict
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from funil.accounts.access import Actor, scoped
from funil.catalog.models import Campaign, CustomField, FieldType, Product, Source
from funil.contacts.models import Company, Contact, Lifecycle
from funil.core.search import search_terms

REFERENCE_CHOICES = 50  # a reference's select lists this many records; typing narrows them


@dataclass(frozen=True)
class FieldSpec:
    name: str  # a model field, or "custom:<key>"
    label: Any
    widget: str  # text, email, tel, url, number, textarea, select, multi, bool, date, ref
    choices: tuple[tuple[str, Any], ...] = ()
    custom: CustomField | None = None

    @property
    def slug(self) -> str:
        return self.name.replace(":", "-")


# Foreign keys edited as a select, and the card each links to.
FOREIGN_KEYS = {"source": "", "campaign": "", "contact": "web:contact_card", "company": "web:company_card"}
_WIDGETS = {
    FieldType.TEXT: "text",
    FieldType.NUMBER: "number",
    FieldType.DATE: "date",
    FieldType.CHOICE: "select",
    FieldType.MULTI_CHOICE: "multi",
    FieldType.BOOLEAN: "bool",
}


def custom_specs(actor: Actor, entity: str) -> tuple[list[FieldSpec], list[FieldSpec]]:
    """(custom qualifiers, other custom fields) the workspace defined for `entity`."""
    qualifiers: list[FieldSpec] = []
    others: list[FieldSpec] = []
    for definition in CustomField.objects.filter(workspace=actor.workspace, entity=entity, active=True):
        spec = FieldSpec(
            f"custom:{definition.key}",
            definition.label,
            _WIDGETS[FieldType(definition.type)],
            tuple((c, c) for c in definition.choices),
            definition,
        )
        (qualifiers if definition.is_qualifier else others).append(spec)
    return qualifiers, others


def _with_custom(actor: Actor, entity: str, groups: list[tuple[Any, list[FieldSpec]]]) -> list:
    qualifiers, others = custom_specs(actor, entity)
    if qualifiers or others:
        groups.append((_("Custom fields"), qualifiers + others))
    return groups


DEAL_AMOUNT = FieldSpec("amount", _("Amount"), "number")


def deal_groups(actor: Actor) -> list[tuple[Any, list[FieldSpec]]]:
    return _with_custom(
        actor,
        "deal",
        [
            (
                _("Deal"),
                [
                    FieldSpec("title", _("Title"), "text"),
                    DEAL_AMOUNT,
                    FieldSpec("currency", _("Currency (ISO code)"), "text"),
                    FieldSpec("probability", _("Probability (%)"), "number"),
                    FieldSpec("expected_close_date", _("Expected close"), "date"),
                ],
            ),
            (
                _("Who and where from"),
                [
                    FieldSpec("contact", _("Contact"), "ref"),
                    FieldSpec("company", _("Company"), "ref"),
                    FieldSpec("source", _("Source"), "select"),
                    FieldSpec("campaign", _("Campaign"), "select"),
                ],
            ),
        ],
    )


ADDRESS = [
    FieldSpec("street", _("Street"), "text"),
    FieldSpec("city", _("City"), "text"),
    FieldSpec("region", _("Region"), "text"),
    FieldSpec("postal_code", _("Postal code"), "text"),
    FieldSpec("country", _("Country (ISO code)"), "text"),
]


def contact_groups(actor: Actor) -> list[tuple[Any, list[FieldSpec]]]:
    return _with_custom(
        actor,
        "contact",
        [
            (
                _("Person"),
                [
                    FieldSpec("first_name", _("First name"), "text"),
                    FieldSpec("last_name", _("Last name"), "text"),
                    FieldSpec("title", _("Job title"), "text"),
                    FieldSpec("company", _("Company"), "ref"),
                    FieldSpec("lifecycle", _("Lifecycle"), "select", tuple(Lifecycle.choices)),
                    FieldSpec("language", _("Language"), "text"),
                ],
            ),
            (
                _("Channels"),
                [
                    FieldSpec("email", _("Email"), "email"),
                    FieldSpec("phone", _("Phone"), "tel"),
                    FieldSpec("mobile", _("Mobile / WhatsApp"), "tel"),
                    FieldSpec("website", _("Website"), "url"),
                ],
            ),
            (_("Address"), list(ADDRESS)),
        ],
    )


def company_groups(actor: Actor) -> list[tuple[Any, list[FieldSpec]]]:
    return _with_custom(
        actor,
        "company",
        [
            (
                _("Company"),
                [
                    FieldSpec("name", _("Name"), "text"),
                    FieldSpec("domain", _("Domain"), "text"),
                    FieldSpec("website", _("Website"), "url"),
                    FieldSpec("industry", _("Industry"), "text"),
                    FieldSpec("size", _("Employees"), "number"),
                    FieldSpec("phone", _("Phone"), "tel"),
                ],
            ),
            (_("Address"), list(ADDRESS)),
        ],
    )


def choices_for(actor: Actor, spec: FieldSpec, record: models.Model | None = None, q: str = "") -> tuple:
    ws = actor.workspace
    if spec.name == "source":
        return tuple(Source.objects.filter(workspace=ws, active=True).values_list("pk", "name"))
    if spec.name == "campaign":
        return tuple(Campaign.objects.filter(workspace=ws).values_list("pk", "name"))
    if spec.name == "products":
        return tuple(Product.objects.filter(workspace=ws, active=True).values_list("pk", "name"))
    if spec.widget == "ref":
        return _reference_choices(actor, spec, record, q)
    return spec.choices


def _reference_choices(actor: Actor, spec: FieldSpec, record: models.Model | None, q: str) -> tuple:
    """The records the actor may link to: the current one first, then the newest that match `q`."""
    model: type[Contact | Company] = Contact if spec.name == "contact" else Company
    match = Q()
    for term in search_terms(q):
        match &= Q(search_text__contains=term)
    current = getattr(record, f"{spec.name}_id", None) if record is not None else None
    rows = list(scoped(actor, model).filter(match).order_by("-created_at", "-id")[:REFERENCE_CHOICES])
    if current and all(r.pk != current for r in rows):
        rows[:0] = list(scoped(actor, model).filter(pk=current))
    return tuple((r.pk, str(r)) for r in rows)


def current_value(record: models.Model, spec: FieldSpec) -> Any:
    if spec.custom is not None:
        return getattr(record, "custom_fields", {}).get(spec.custom.key)
    if spec.name == "products":
        return [p.pk for p in record.products.all()]  # type: ignore[attr-defined]
    if spec.name in FOREIGN_KEYS:
        return getattr(record, f"{spec.name}_id")
    return getattr(record, spec.name)


def form_value(record: models.Model, spec: FieldSpec) -> Any:
    """The value an inline form starts with: plain text, never localised (an <input> reads 1000.5, 2026-12-31)."""
    value = current_value(record, spec)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def display_value(record: models.Model, spec: FieldSpec) -> str:
    value = current_value(record, spec)
    if value in (None, "", []):
        return ""
    if spec.name == "products":
        return ", ".join(p.name for p in record.products.all())  # type: ignore[attr-defined]
    if spec.name in FOREIGN_KEYS:
        return str(getattr(record, spec.name))
    if spec.widget == "bool":
        return str(_("Yes") if value else _("No"))
    if spec.widget == "multi":
        return ", ".join(map(str, value))
    if spec.widget == "select" and spec.choices:
        return str(dict(spec.choices).get(value, value))
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        return str(formats.number_format(value, use_l10n=True, force_grouping=True))
    if isinstance(value, datetime.date):
        return str(formats.date_format(value, "SHORT_DATE_FORMAT"))
    return str(value)


def link_of(record: models.Model, spec: FieldSpec) -> tuple[str, Any]:
    """(url name, pk) of the card a reference field points to, or ("", None)."""
    url = FOREIGN_KEYS.get(spec.name, "") if spec.custom is None else ""
    pk = getattr(record, f"{spec.name}_id", None) if url else None
    return (url, pk) if pk else ("", None)


def change_from_post(spec: FieldSpec, post: QueryDict) -> dict[str, Any]:
    """The `changes` dict for a record's update service from an inline form."""
    if spec.widget == "multi":
        value: Any = post.getlist("value")
    elif spec.widget == "bool":
        value = {"true": True, "false": False}.get(post.get("value", ""))
    else:
        value = post.get("value", "")
    if spec.custom is not None:
        return {"custom_fields": {spec.custom.key: value}}
    if spec.name == "products":
        return {"products": [int(v) for v in value if str(v).isdigit()]}
    return {spec.name: value}
