"""Which lead fields a merge chooses between, and how the choices become the survivor's values.

A choice names a lead per field; fields that belong together travel together (an email with its normalised form,
a phone with its E.164 form and extension, an amount with its currency). Custom fields are chosen key by key
(`custom:<key>`), products of interest are the union unless one lead's are chosen, and marketing consent is not
chosen: it is given if any of the leads gave it.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from funil.core.errors import FieldError, ValidationFailed
from funil.core.writes import plain
from funil.leads.models import Lead

from .errors import MergeError

# A choice key -> the lead's attributes that travel with it (the first one says whether the lead has a value).
GROUPS: dict[str, tuple[str, ...]] = {
    "first_name": ("first_name",),
    "last_name": ("last_name",),
    "title": ("title",),
    "company_name": ("company_name",),
    "company": ("company_id",),
    "contact": ("contact_id",),
    "email": ("email", "email_normalized"),
    "phone": ("phone", "phone_e164", "phone_extension"),
    "mobile": ("mobile", "mobile_e164"),
    "website": ("website",),
    "street": ("street",),
    "city": ("city",),
    "region": ("region",),
    "postal_code": ("postal_code",),
    "country": ("country",),
    "language": ("language",),
    "source": ("source_id",),
    "campaign": ("campaign_id",),
    "utm_source": ("utm_source",),
    "utm_medium": ("utm_medium",),
    "utm_campaign": ("utm_campaign",),
    "utm_term": ("utm_term",),
    "utm_content": ("utm_content",),
    "budget": ("budget",),
    "authority": ("authority",),
    "need": ("need",),
    "timeline": ("timeline",),
    "expected_value": ("expected_value", "currency"),
}
CUSTOM = "custom:"
PRODUCTS = "products"
UNION = "union"
CONSENT = ("marketing_consent", "consent_at", "consent_source")
# Everything a merge may write on the survivor: what undo puts back.
SNAPSHOT = (
    *(name for names in GROUPS.values() for name in names),
    *CONSENT,
    "custom_fields",
    "first_contacted_at",
    "search_text",
)
_EMPTY: tuple[Any, ...] = ("", None, [], {})


def has_value(lead: Lead, key: str) -> bool:
    if key.startswith(CUSTOM):
        return lead.custom_fields.get(key.removeprefix(CUSTOM)) not in _EMPTY
    return getattr(lead, GROUPS[key][0]) not in _EMPTY


def value_of(lead: Lead, key: str) -> Any:
    """The value a person compares (the typed email, the related record), not the normalised twin."""
    if key.startswith(CUSTOM):
        return lead.custom_fields.get(key.removeprefix(CUSTOM))
    name = GROUPS[key][0]
    if name.endswith("_id"):
        return getattr(lead, name.removesuffix("_id"))
    return getattr(lead, name)


def choice_keys(leads: Sequence[Lead]) -> list[str]:
    custom = sorted({key for lead in leads for key, v in lead.custom_fields.items() if v not in _EMPTY})
    return [*GROUPS, *(CUSTOM + key for key in custom), PRODUCTS]


def default_choices(survivor: Lead, others: Sequence[Lead]) -> dict[str, int | str]:
    """The survivor's value where it has one, else the first other lead's: a merge fills blanks, loses nothing."""
    leads = [survivor, *others]
    chosen: dict[str, int | str] = {PRODUCTS: UNION}
    for key in choice_keys(leads):
        if key != PRODUCTS:
            chosen[key] = next((lead.pk for lead in leads if has_value(lead, key)), survivor.pk)
    return chosen


def read_choices(raw: Mapping[str, Any], survivor: Lead, others: Sequence[Lead]) -> dict[str, int | str]:
    """Defaults overridden by the given choices; an unknown field or a lead outside the merge is refused."""
    leads = [survivor, *others]
    ids = {lead.pk for lead in leads}
    keys = set(choice_keys(leads))
    chosen = default_choices(survivor, others)
    errors: list[FieldError] = []
    for key, value in raw.items():
        if key not in keys and not (key.startswith(CUSTOM) and len(key) > len(CUSTOM)):
            errors.append(FieldError(key, MergeError.CHOICE_UNKNOWN, _("Leads have no field %(f)r.") % {"f": key}))
            continue
        if key == PRODUCTS and value == UNION:
            chosen[key] = UNION
            continue
        lead_id = _int(value)
        if lead_id not in ids:
            errors.append(
                FieldError(key, MergeError.CHOICE_INVALID, _("Choose the value of one of the leads being merged."))
            )
            continue
        chosen[key] = lead_id
    if errors:
        raise ValidationFailed(errors)
    return chosen


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@dataclass
class Outcome:
    """What the survivor becomes: attribute values, its custom fields, its products, and what lost."""

    values: dict[str, Any] = field(default_factory=dict)
    custom_fields: dict[str, Any] = field(default_factory=dict)
    products: list[int] | None = None
    consent_from: int | None = None
    lost: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def resolve(
    survivor: Lead, others: Sequence[Lead], chosen: Mapping[str, int | str], products: Mapping[int, list[int]]
) -> Outcome:
    """`products` maps each lead to its product ids."""
    leads = {lead.pk: lead for lead in (survivor, *others)}
    out = Outcome(custom_fields=dict(survivor.custom_fields))
    for key, lead_id in chosen.items():
        if key == PRODUCTS:
            continue
        winner = leads[int(lead_id)]
        if key.startswith(CUSTOM):
            name = key.removeprefix(CUSTOM)
            if has_value(winner, key):
                out.custom_fields[name] = winner.custom_fields[name]
            else:
                out.custom_fields.pop(name, None)
        else:
            out.values.update({name: getattr(winner, name) for name in GROUPS[key]})
        _note_losers(out, key, winner, leads.values())
    pick = chosen.get(PRODUCTS, UNION)
    out.products = (
        sorted({p for ids in products.values() for p in ids}) if pick == UNION else sorted(products[int(pick)])
    )
    _consent(out, survivor, others)
    contacted = [lead.first_contacted_at for lead in leads.values() if lead.first_contacted_at]
    out.values["first_contacted_at"] = min(contacted) if contacted else None
    return out


def _note_losers(out: Outcome, key: str, winner: Lead, leads: Any) -> None:
    kept = value_of(winner, key)
    for lead in leads:
        if lead.pk != winner.pk and has_value(lead, key) and value_of(lead, key) != kept:
            out.lost.setdefault(key, []).append({"lead": lead.pk, "value": _shown(value_of(lead, key))})


def _shown(value: Any) -> Any:
    return str(value) if hasattr(value, "_meta") else plain(value)


def _consent(out: Outcome, survivor: Lead, others: Sequence[Lead]) -> None:
    """Given if any lead gave it (the latest such answer is the evidence kept); otherwise the survivor's answer,
    or the first other lead's when the survivor never answered."""
    leads = [survivor, *others]
    givers = [lead for lead in leads if lead.marketing_consent is True]
    if givers:
        source = survivor if survivor in givers else max(givers, key=_consent_time)
    else:
        source = next((lead for lead in leads if lead.marketing_consent is not None), survivor)
    out.values.update({name: getattr(source, name) for name in CONSENT})
    out.consent_from = source.pk
    for lead in leads:
        if lead.pk != source.pk and lead.marketing_consent not in (None, source.marketing_consent):
            out.lost.setdefault("marketing_consent", []).append({"lead": lead.pk, "value": lead.marketing_consent})


def _consent_time(lead: Lead) -> float:
    return lead.consent_at.timestamp() if lead.consent_at else 0.0


def snapshot(lead: Lead) -> dict[str, Any]:
    return {name: plain(getattr(lead, name)) for name in SNAPSHOT}


def restore(lead: Lead, values: Mapping[str, Any]) -> list[str]:
    """Put snapshot values back on the instance; returns the field names, for save()."""
    names = []
    for attname, value in values.items():
        model_field = lead._meta.get_field(attname)
        assert isinstance(model_field, models.Field)
        setattr(lead, attname, model_field.to_python(value) if value is not None else None)
        names.append(model_field.name)
    return names
