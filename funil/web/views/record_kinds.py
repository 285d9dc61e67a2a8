"""The records that have a card (lead, deal, contact, company): what the shared card views need of each."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models

from funil.accounts.access import Actor, can, entity_of, load
from funil.contacts.models import Company, Contact
from funil.contacts.services import company_assign, company_update, contact_assign, contact_update
from funil.deals.models import Deal
from funil.deals.services import deal_assign, deal_update
from funil.leads.models import Lead, LeadStatus
from funil.leads.services import lead_assign, lead_update

from .. import lead_fields, record_fields
from ..record_fields import FieldSpec

Groups = Callable[[Actor], list[tuple[Any, list[FieldSpec]]]]


@dataclass(frozen=True)
class RecordKind:
    name: str  # the model name; url names are "<name>_<action>"
    model: type[models.Model]
    related: tuple[str, ...]  # select_related of the card
    groups: Groups
    update: Callable[..., Any]  # the `<name>_update` service
    assign: Callable[..., Any]  # the `<name>_assign` service
    prefix: str  # the url path segment: "leads", "companies"
    prefetch: tuple[str, ...] = ()

    @property
    def entity(self) -> str:
        return entity_of(self.model)

    @property
    def event(self) -> str:
        """The htmx event a change sends, which the card's parts listen to."""
        return f"{self.name}-changed"

    def url(self, action: str) -> str:
        return f"web:{self.name}_{action}"

    # Url names for templates, which cannot call url().
    card_url = property(lambda self: self.url("card"))
    field_url = property(lambda self: self.url("field"))
    timeline_url = property(lambda self: self.url("timeline"))
    log_url = property(lambda self: self.url("log"))
    schedule_url = property(lambda self: self.url("schedule"))
    assign_url = property(lambda self: self.url("assign"))
    delete_url = property(lambda self: self.url("delete"))

    def load(self, actor: Actor, pk: int, action: str = "read") -> Any:
        qs = self.model._default_manager.select_related(*self.related).prefetch_related(*self.prefetch)
        return load(actor, qs, pk, action)

    def can_edit(self, actor: Actor, record: Any) -> bool:
        if self.name == "lead" and not record.is_editable:
            return False
        return can(actor, self.entity, "update", record)

    def can_assign(self, actor: Actor, record: Any) -> bool:
        if self.name == "lead" and record.status == LeadStatus.CONVERTED:
            return False
        return can(actor, self.entity, "assign", record)

    def save(self, actor: Actor, record: Any, version: int, changes: dict[str, Any]) -> Any:
        return self.update(actor=actor, **{self.name: record}, expected_version=version, changes=changes)

    def give(self, actor: Actor, record: Any, owner_id: int | None, version: int | None, reason: str) -> Any:
        return self.assign(
            actor=actor, **{self.name: record}, owner_id=owner_id, expected_version=version, reason=reason
        )


KINDS: dict[str, RecordKind] = {
    kind.name: kind
    for kind in (
        RecordKind(
            "lead",
            Lead,
            ("stage", "pipeline", "owner", "source", "campaign", "junk_reason", "contact", "company"),
            lead_fields.groups,
            lead_update,
            lead_assign,
            "leads",
            ("products",),
        ),
        RecordKind(
            "deal",
            Deal,
            ("stage", "pipeline", "contact", "company", "owner", "lead", "source", "campaign", "lost_reason"),
            record_fields.deal_groups,
            deal_update,
            deal_assign,
            "deals",
        ),
        RecordKind(
            "contact",
            Contact,
            ("company", "owner"),
            record_fields.contact_groups,
            contact_update,
            contact_assign,
            "contacts",
        ),
        RecordKind(
            "company", Company, ("owner",), record_fields.company_groups, company_update, company_assign, "companies"
        ),
    )
}


def kind_of(record: models.Model) -> RecordKind:
    return KINDS[str(record._meta.model_name)]


def spec_for(actor: Actor, kind: RecordKind, name: str) -> FieldSpec | None:
    return next((s for _, specs in kind.groups(actor) for s in specs if s.name == name), None)
