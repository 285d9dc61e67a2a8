"""lead_convert and lead_convert_undo: a qualified lead becomes a contact, a company and a deal, in one step."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from funil.accounts.access import Actor, require
from funil.accounts.roles import Role
from funil.activities import timeline
from funil.activities.models import Activity, Kind
from funil.contacts.models import Company, Contact
from funil.contacts.services import company_create, contact_create
from funil.core.errors import DomainError, Forbidden, ValidationFailed
from funil.core.writes import lock_for_write, save_versioned
from funil.deals.models import Deal
from funil.deals.services import deal_create
from funil.pipelines.models import Meaning, PipelineKind, Stage

from ..errors import LeadError
from ..models import Lead, LeadStatus

# Timeline kinds a freshly created record carries; anything else means someone has worked on it since.
_UNTOUCHED_KINDS = {Kind.SYSTEM, Kind.CONVERSION}


@dataclass(frozen=True)
class Conversion:
    lead: Lead
    contact: Contact
    company: Company | None
    deal: Deal | None


def lead_convert(
    *,
    actor: Actor,
    lead: Lead,
    expected_version: int,
    contact: Contact | None = None,
    company: Company | None = None,
    create_company: bool = True,
    create_deal: bool = True,
    deal_stage: Stage | None = None,
    deal_amount: Decimal | str | None = None,
    deal_title: str = "",
) -> Conversion:
    """Match or create the contact and company, optionally open a deal, and close the lead as converted."""
    require(actor, "lead", "update", lead)
    _check_targets(actor, lead, contact, company, deal_stage)
    converted_stage = Stage.objects.filter(pipeline_id=lead.pipeline_id, meaning=Meaning.CONVERTED).first()
    if converted_stage is None:
        raise DomainError(LeadError.NO_PIPELINE, _("This pipeline has no converted stage."))
    with transaction.atomic():
        lead = lock_for_write(lead, expected_version)
        if lead.status != LeadStatus.OPEN:
            raise DomainError(
                LeadError.CLOSED,
                _("Only an open lead can be converted; this one is %(status)s.")
                % {"status": lead.get_status_display()},
            )
        created: list[str] = []
        if company is None and create_company and lead.company_name:
            company = company_create(actor=actor, data=_company_data(lead), owner_id=lead.owner_id)
            created.append("company")
        if contact is None:
            contact = contact_create(actor=actor, data=_contact_data(lead, company), owner_id=lead.owner_id)
            created.append("contact")
        deal = None
        if create_deal:
            deal = _open_deal(actor, lead, contact, company, deal_stage, deal_amount, deal_title)
            created.append("deal")
        previous = {
            "stage": lead.stage_id,
            "status": lead.status,
            "contact": lead.contact_id,
            "company": lead.company_id,
        }
        lead.stage, lead.status, lead.contact, lead.company = converted_stage, LeadStatus.CONVERTED, contact, company
        lead.closed_at = timezone.now()
        save_versioned(lead, ["stage", "status", "contact", "company", "closed_at"])
        payload = {
            "contact": contact.pk,
            "company": company.pk if company else None,
            "deal": deal.pk if deal else None,
            "created": created,
            "previous": previous,
            "version": lead.version,
        }
        timeline.record(actor=actor, target=lead, kind=Kind.CONVERSION, subject="Converted", payload=payload)
        for record in (contact, deal):
            if record is not None:
                timeline.record(
                    actor=actor,
                    target=record,
                    kind=Kind.CONVERSION,
                    subject=f"Converted from lead: {lead}",
                    payload={"lead": lead.pk},
                )
    return Conversion(lead, contact, company, deal)


def lead_convert_undo(*, actor: Actor, lead: Lead) -> Lead:
    """Restore the lead and remove what its conversion created, while nobody has changed those records."""
    require(actor, "lead", "update", lead)
    with transaction.atomic():
        lead = lock_for_write(lead, None)
        conversion = (
            Activity.objects.filter(lead=lead, kind=Kind.CONVERSION, payload__has_key="created")
            .order_by("-created_at", "-id")
            .first()
        )
        if lead.status != LeadStatus.CONVERTED or conversion is None:
            raise DomainError(LeadError.NOT_CONVERTED, _("This lead is not converted."))
        if not (actor.is_system or actor.role == Role.ADMIN or conversion.actor_id == getattr(actor.user, "pk", None)):
            raise Forbidden(_("Only an admin or the person who converted this lead can undo it."))
        made = _created_records(conversion.payload)
        for record in made:
            if record.version != 1 or _worked_on(record):
                raise DomainError(
                    LeadError.CONVERSION_CHANGED,
                    _("The new %(thing)s was changed since the conversion, so it cannot be undone.")
                    % {"thing": record._meta.verbose_name},
                )
        previous = conversion.payload["previous"]
        lead.stage_id, lead.status = previous["stage"], previous["status"]
        lead.contact_id, lead.company_id, lead.closed_at = previous["contact"], previous["company"], None
        for record in made:  # the deal first: it points at the contact and the company
            record.delete()
        save_versioned(lead, ["stage", "status", "contact", "company", "closed_at"])
        timeline.record(
            actor=actor,
            target=lead,
            kind=Kind.CONVERSION,
            subject="Conversion undone",
            payload={"undone": conversion.pk, "removed": conversion.payload["created"], "version": lead.version},
        )
    return lead


def _check_targets(
    actor: Actor, lead: Lead, contact: Contact | None, company: Company | None, deal_stage: Stage | None
) -> None:
    for field, record in (("contact", contact), ("company", company), ("deal_stage", deal_stage)):
        if record is not None and record.workspace_id != actor.workspace.pk:
            raise ValidationFailed.single(
                field, LeadError.REFERENCE_INVALID, _("No such %(thing)s in this workspace.") % {"thing": field}
            )
    if deal_stage is not None and (deal_stage.pipeline.kind != PipelineKind.DEAL or deal_stage.meaning != Meaning.OPEN):
        raise ValidationFailed.single("deal_stage", LeadError.STAGE_NOT_IN_PIPELINE, _("Pick an open deal stage."))


def _company_data(lead: Lead) -> dict[str, Any]:
    from funil.core.domains import company_domain

    return {
        "name": lead.company_name,
        "website": lead.website,
        "domain": company_domain(lead.email_normalized),
        "country": lead.country,
        "city": lead.city,
    }


def _contact_data(lead: Lead, company: Company | None) -> dict[str, Any]:
    data = {
        name: getattr(lead, name)
        for name in (
            "first_name",
            "last_name",
            "title",
            "email",
            "phone",
            "mobile",
            "street",
            "city",
            "region",
            "postal_code",
            "country",
            "language",
        )
    }
    if not any(data[k] for k in ("first_name", "last_name", "email", "phone", "mobile")):
        data["first_name"] = lead.company_name  # a lead known only by its company still gets a contact
    return {**data, "company": company}


def _open_deal(
    actor: Actor,
    lead: Lead,
    contact: Contact,
    company: Company | None,
    stage: Stage | None,
    amount: Decimal | str | None,
    title: str,
) -> Deal:
    data: dict[str, Any] = {
        "title": title or f"{company or contact}",
        "contact": contact,
        "company": company,
        "lead": lead,
        "source": lead.source,
        "campaign": lead.campaign,
        "currency": lead.currency or actor.workspace.currency,
    }
    if amount not in (None, ""):
        data["amount"] = amount
    elif lead.expected_value is not None:
        data["amount"] = lead.expected_value
    lines = [{"product": p.pk} for p in lead.products.all()]
    return deal_create(actor=actor, data=data, owner_id=lead.owner_id, stage=stage, lines=lines)


def _created_records(payload: dict[str, Any]) -> list[Any]:
    models: dict[str, Any] = {"deal": Deal, "contact": Contact, "company": Company}
    return [
        record
        for name in ("deal", "contact", "company")
        if name in payload["created"] and (record := models[name].objects.filter(pk=payload[name]).first())
    ]


def _worked_on(record: Any) -> bool:
    fk = record._meta.model_name
    return Activity.objects.filter(**{fk: record}).exclude(kind__in=_UNTOUCHED_KINDS).exists()
