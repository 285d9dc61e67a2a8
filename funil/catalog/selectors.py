"""Reads of the catalog for the Settings pages."""

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models

from funil.accounts.access import Actor, scoped

from .models import Campaign, CustomField, CustomFieldEntity, Product, Source

# Looked up by name: the record apps build on the catalog, not the other way round.
RECORD_MODELS = {"lead": ("leads", "Lead"), "deal": ("deals", "Deal"), "contact": ("contacts", "Contact"),
                 "company": ("contacts", "Company")}  # fmt: skip


@dataclass(frozen=True)
class FieldUsage:
    records: int
    stages: list[str]

    @property
    def used(self) -> bool:
        return bool(self.records or self.stages)


def custom_fields_by_entity(actor: Actor) -> dict[str, list[CustomField]]:
    grouped: dict[str, list[CustomField]] = {entity: [] for entity in CustomFieldEntity.values}
    for field in scoped(actor, CustomField).order_by("entity", "position", "id"):
        grouped[field.entity].append(field)
    return grouped


def custom_field_usage(field: CustomField) -> FieldUsage:
    return FieldUsage(records=records_with(field).count(), stages=gating_stages(field))


def active_custom_fields(workspace_id: int, entity: str) -> list[CustomField]:
    """The fields forms show and records take values for; retired fields keep their values but are hidden."""
    return list(CustomField.objects.filter(workspace_id=workspace_id, entity=entity, active=True))


def products(actor: Actor) -> list[Product]:
    return list(scoped(actor, Product).order_by("-active", "name", "id"))


def sources(actor: Actor) -> list[Source]:
    return list(scoped(actor, Source))


def campaigns(actor: Actor) -> list[Campaign]:
    return list(scoped(actor, Campaign).select_related("source").order_by("-starts_on", "name"))


def records_with(field: CustomField) -> models.QuerySet[Any]:
    """The records of the field's entity that hold a value for it."""
    model = apps.get_model(*RECORD_MODELS[field.entity])
    return model._default_manager.filter(workspace_id=field.workspace_id, custom_fields__has_key=field.key)


def gating_stages(field: CustomField) -> list[str]:
    """Names of the stages that require this field before a record enters them."""
    if field.entity not in ("lead", "deal"):
        return []
    stage = apps.get_model("pipelines", "Stage")
    name = f"custom:{field.key}"
    rows = stage._default_manager.filter(workspace_id=field.workspace_id, pipeline__kind=field.entity)
    return [s.name for s in rows.only("name", "required_fields") if name in (s.required_fields or [])]
