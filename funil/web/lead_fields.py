"""The lead card's fields, grouped as the source material describes a lead, and how each is edited inline."""

from dataclasses import dataclass
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from funil.accounts.access import Actor
from funil.catalog.models import Campaign, CustomField, FieldType, Product, Source
from funil.leads.models import Authority, Lead, Timeline


@dataclass(frozen=True)
class FieldSpec:
    name: str  # a Lead field, or "custom:<key>"
    label: Any
    widget: str  # text, email, tel, url, number, textarea, select, multi, bool, date
    choices: tuple[tuple[str, Any], ...] = ()
    custom: CustomField | None = None

    @property
    def slug(self) -> str:
        return self.name.replace(":", "-")


BASIC = (
    FieldSpec("first_name", _("First name"), "text"),
    FieldSpec("last_name", _("Last name"), "text"),
    FieldSpec("title", _("Job title"), "text"),
    FieldSpec("company_name", _("Company"), "text"),
    FieldSpec("email", _("Email"), "email"),
    FieldSpec("phone", _("Phone"), "tel"),
    FieldSpec("mobile", _("Mobile / WhatsApp"), "tel"),
    FieldSpec("website", _("Website"), "url"),
    FieldSpec("street", _("Street"), "text"),
    FieldSpec("city", _("City"), "text"),
    FieldSpec("region", _("Region"), "text"),
    FieldSpec("postal_code", _("Postal code"), "text"),
    FieldSpec("country", _("Country (ISO code)"), "text"),
    FieldSpec("language", _("Language"), "text"),
)
QUALIFIERS = (
    FieldSpec("budget", _("Budget"), "number"),
    FieldSpec("authority", _("Authority"), "select", tuple(Authority.choices)),
    FieldSpec("need", _("Need"), "textarea"),
    FieldSpec(
        "timeline",
        pgettext_lazy("lead qualifier: when they mean to buy", "Timeline"),
        "select",
        tuple(Timeline.choices),
    ),
    FieldSpec("products", _("Products of interest"), "multi"),
)
COMPLEMENTARY = (
    FieldSpec("expected_value", _("Expected value"), "number"),
    FieldSpec("source", _("Source"), "select"),
    FieldSpec("campaign", _("Campaign"), "select"),
    FieldSpec("marketing_consent", _("Marketing consent"), "bool"),
)


def custom_specs(actor: Actor) -> tuple[list[FieldSpec], list[FieldSpec]]:
    """(custom qualifiers, other custom fields) of the workspace."""
    widgets = {
        FieldType.TEXT: "text",
        FieldType.NUMBER: "number",
        FieldType.DATE: "date",
        FieldType.CHOICE: "select",
        FieldType.MULTI_CHOICE: "multi",
        FieldType.BOOLEAN: "bool",
    }
    qualifiers: list[FieldSpec] = []
    others: list[FieldSpec] = []
    for definition in CustomField.objects.filter(workspace=actor.workspace, entity="lead"):
        spec = FieldSpec(
            f"custom:{definition.key}",
            definition.label,
            widgets[FieldType(definition.type)],
            tuple((c, c) for c in definition.choices),
            definition,
        )
        (qualifiers if definition.is_qualifier else others).append(spec)
    return qualifiers, others


def groups(actor: Actor) -> list[tuple[Any, list[FieldSpec]]]:
    custom_qualifiers, custom_others = custom_specs(actor)
    return [
        (_("Basic info"), list(BASIC)),
        (_("Qualifiers"), list(QUALIFIERS) + custom_qualifiers),
        (_("Complementary info"), list(COMPLEMENTARY) + custom_others),
    ]


def spec_for(actor: Actor, name: str) -> FieldSpec | None:
    return next((s for _, specs in groups(actor) for s in specs if s.name == name), None)


def choices_for(actor: Actor, spec: FieldSpec) -> tuple[tuple[Any, Any], ...]:
    ws = actor.workspace
    if spec.name == "source":
        return tuple(Source.objects.filter(workspace=ws, active=True).values_list("pk", "name"))
    if spec.name == "campaign":
        return tuple(Campaign.objects.filter(workspace=ws).values_list("pk", "name"))
    if spec.name == "products":
        return tuple(Product.objects.filter(workspace=ws, active=True).values_list("pk", "name"))
    return spec.choices


def current_value(lead: Lead, spec: FieldSpec) -> Any:
    if spec.custom is not None:
        return lead.custom_fields.get(spec.custom.key)
    if spec.name == "products":
        return [p.pk for p in lead.products.all()]
    if spec.name in ("source", "campaign"):
        return getattr(lead, f"{spec.name}_id")
    return getattr(lead, spec.name)


def display_value(lead: Lead, spec: FieldSpec) -> str:
    value = current_value(lead, spec)
    if value in (None, "", []):
        return ""
    if spec.name == "products":
        return ", ".join(p.name for p in lead.products.all())
    if spec.name in ("source", "campaign"):
        return str(getattr(lead, spec.name))
    if spec.widget == "bool":
        return str(_("Yes") if value else _("No"))
    if spec.widget == "multi":
        return ", ".join(map(str, value))
    if spec.widget == "select" and spec.choices:
        return str(dict(spec.choices).get(value, value))
    return str(value)


def change_from_post(spec: FieldSpec, post: QueryDict) -> dict[str, Any]:
    """The `changes` dict for lead_update from an inline form."""
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
