"""The lead card's fields, grouped as the source material describes a lead (edited inline as every record's
are, through `record_fields`)."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from funil.accounts.access import Actor
from funil.leads.models import Authority, Timeline

from .record_fields import FieldSpec, custom_specs

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


def groups(actor: Actor) -> list[tuple[Any, list[FieldSpec]]]:
    custom_qualifiers, custom_others = custom_specs(actor, "lead")
    return [
        (_("Basic info"), list(BASIC)),
        (_("Qualifiers"), list(QUALIFIERS) + custom_qualifiers),
        (_("Complementary info"), list(COMPLEMENTARY) + custom_others),
    ]
