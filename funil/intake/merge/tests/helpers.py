"""Builders and snapshots the merge tests share."""

from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from funil.accounts.access import Actor
from funil.activities.attachments import attachment_add
from funil.activities.models import Activity, Attachment, Kind
from funil.activities.services import activity_log, followup_schedule
from funil.intake.models import DuplicateFlag, Identity
from funil.leads.models import Lead
from funil.testing.factories import make_deal, make_lead

# Fields a merge and its undo move forward on purpose (see services.py): never compared.
MOVING = {"version", "updated_at"}


def flag(a: Lead, b: Lead, label: str = "same email", confidence: float = 1.0) -> DuplicateFlag:
    return DuplicateFlag.objects.create(
        workspace=a.workspace, lead=a, other_lead=b, reason="email", label=label, confidence=confidence
    )


def busy_lead(actor: Actor, **data: Any) -> Lead:
    """A lead with something of every kind hanging off it: notes, a follow-up, a file, a deal, an identity."""
    lead = make_lead(actor, **data)
    activity_log(actor=actor, target=lead, kind=Kind.CALL, subject="Called", direction="out")
    followup_schedule(
        actor=actor, target=lead, kind=Kind.TASK, subject="Send the proposal", due_at=timezone.now() + timedelta(days=2)
    )
    attachment_add(
        actor=actor, target=lead, upload=SimpleUploadedFile("brief.pdf", b"%PDF-1.4 brief", "application/pdf")
    )
    make_deal(actor, lead=lead.pk)
    Identity.objects.create(
        workspace=lead.workspace, kind="whatsapp", value=lead.mobile_e164 or "+5581999990000", lead=lead
    )
    return Lead.objects.get(pk=lead.pk)


def fields_of(obj: Any) -> dict[str, Any]:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.attname not in MOVING}


def state(*leads: Lead) -> dict[str, Any]:
    """Everything a merge may touch, for before/after comparison: each lead's fields and products, and the ids and
    fields of every row pointing at them (activities, attachments, deals, flags, identities)."""
    ids = [lead.pk for lead in leads]
    rows = {
        "leads": {pk: fields_of(Lead.all_objects.get(pk=pk)) for pk in ids},
        "products": {pk: sorted(Lead.all_objects.get(pk=pk).products.values_list("pk", flat=True)) for pk in ids},
        "activities": _rows(Activity.objects.filter(lead_id__in=ids).exclude(kind=Kind.MERGE)),
        "attachments": _rows(Attachment.objects.filter(activity__lead_id__in=ids)),
        "flags": _rows(
            DuplicateFlag.objects.filter(lead_id__in=ids) | DuplicateFlag.objects.filter(other_lead_id__in=ids)
        ),
        "identities": _rows(Identity.objects.filter(lead_id__in=ids)),
    }
    from funil.deals.models import Deal

    rows["deals"] = _rows(Deal.objects.filter(lead_id__in=ids))
    return rows


def _rows(qs: Any) -> dict[int, dict[str, Any]]:
    return {obj.pk: fields_of(obj) for obj in qs.order_by("pk")}


def versions(*leads: Lead) -> dict[int, int]:
    return {lead.pk: Lead.all_objects.get(pk=lead.pk).version for lead in leads}
