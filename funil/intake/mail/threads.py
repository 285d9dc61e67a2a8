"""Replies: the Message-IDs Funil has seen, and the record each one's activity went onto."""

from django.db import models

from funil.accounts.models import Workspace
from funil.intake.capture import CaptureResult
from funil.leads.models import Lead, LeadStatus

from .models import KnownMessage
from .parse import message_key


def thread_record(workspace: Workspace, refs: list[str]) -> models.Model | None:
    """The record an earlier message of this thread landed on, nearest reference first."""
    keys = [message_key(ref) for ref in refs if ref]
    if not keys:
        return None
    known = {
        k.message_id: k
        for k in KnownMessage.objects.filter(workspace=workspace, message_id__in=keys).select_related(
            "lead__contact", "contact", "deal"
        )
    }
    for key in keys:
        if key in known and known[key].record is not None:
            return _carried_on(known[key].record)
    return None


def _carried_on(record: models.Model | None) -> models.Model | None:
    """A converted lead's conversation carries on with its contact."""
    if isinstance(record, Lead) and record.status == LeadStatus.CONVERTED and record.contact is not None:
        return record.contact
    return record


def remember(workspace: Workspace, message_id: str, result: CaptureResult, direction: str = "in") -> None:
    """Note where this message landed (the record its activity is on), so replies to it land there too."""
    if not message_id:
        return
    activity = result.activity
    targets = {
        "lead_id": getattr(activity, "lead_id", None),
        "contact_id": getattr(activity, "contact_id", None),
        "deal_id": getattr(activity, "deal_id", None),
    }
    if not any(targets.values()):
        targets = {
            "lead_id": getattr(result.lead, "pk", None),
            "contact_id": getattr(result.contact, "pk", None),
            "deal_id": getattr(result.deal, "pk", None),
        }
    if not any(targets.values()):
        return
    KnownMessage.objects.get_or_create(
        workspace=workspace, message_id=message_key(message_id), defaults={**targets, "direction": direction}
    )
