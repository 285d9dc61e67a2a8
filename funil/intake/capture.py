"""The one door every channel uses: `lead_capture(actor=..., incoming=Incoming(...))`.

validate → normalise → (replay?) → match → create or attach → timeline entry → hand over to scoring and
assignment. Channels build an `Incoming` from what they received and never create leads themselves.
"""

from dataclasses import replace
from functools import partial

from django.db import transaction
from django.utils.translation import gettext as _

from funil.accounts.access import Actor, entity_of, in_scope, require
from funil.accounts.models import CrmMode
from funil.activities.models import Direction, Kind
from funil.contacts.models import Contact
from funil.core.errors import FieldError, ValidationFailed
from funil.deals.models import Deal
from funil.leads.models import Lead

from . import records, replay
from .handover import after_capture
from .keys import keys_for
from .matching import search
from .normalize import Person, normalize_person, without_nul
from .policy import Decision, decide
from .shapes import Attachment, CaptureResult, Channel, Incoming, IncomingActivity, Match, Outcome

__all__ = [
    "Attachment",
    "CaptureResult",
    "Channel",
    "Incoming",
    "IncomingActivity",
    "Match",
    "Outcome",
    "lead_capture",
]


def lead_capture(*, actor: Actor, incoming: Incoming) -> CaptureResult:
    """Take in one delivery; raises ValidationFailed (every bad field, nothing written) or Forbidden.

    The same delivery again (same idempotency key, or an identical one within the dedupe window) returns the
    first result as Outcome.REPLAYED and writes nothing.
    """
    if incoming.reply_to is None:
        require(actor, "deal" if actor.workspace.crm_mode == CrmMode.SIMPLE else "lead", "create")
    incoming = _without_nul(incoming)
    person = normalize_person(actor, incoming.person, incoming.messenger)
    _check_activity(incoming.activity)
    key = replay.delivery_key(incoming, person.values, person.messenger)
    with transaction.atomic():
        claimed = replay.claim(actor.workspace, str(incoming.channel), key)
        if claimed.stored is not None:
            return replay.replayed(actor.workspace, claimed.stored)
        result = _capture(actor, incoming, person)
        replay.remember(claimed, result)
        transaction.on_commit(partial(after_capture, result))
    return result


def _capture(actor: Actor, incoming: Incoming, person: Person) -> CaptureResult:
    if incoming.reply_to is not None:
        return _attach(actor, incoming.reply_to, incoming, person, [])
    # Matching looks at the whole workspace, so a duplicate is flagged even when the actor cannot see it;
    # the decision only writes where the actor may, and the result names only what the actor may read.
    everyone = Actor.system(actor.workspace, actor.label or "intake")
    matches = search(everyone, keys_for(actor.workspace.country, person.values, person.messenger))
    visible = [m for m in matches if in_scope(actor, m.record, "read")]
    decision = decide(actor, matches)
    if decision.outcome == Outcome.ATTACHED:
        return _attach(actor, decision.target, incoming, person, visible)
    return _create(actor, incoming, person, decision, visible)


def _attach(
    actor: Actor, target: Lead | Contact | Deal, incoming: Incoming, person: Person, matches: list[Match]
) -> CaptureResult:
    require(actor, entity_of(type(target)), "update", target)
    require(actor, "activity", "create")
    activity = records.put_on_timeline(actor, target, incoming, person, outcome=Outcome.ATTACHED, matches=matches)
    lead = target if isinstance(target, Lead) else None
    contact = target if isinstance(target, Contact) else getattr(target, "contact", None)
    if lead is not None or isinstance(target, Contact):
        records.remember_identities(actor, person, lead=lead, contact=None if lead else contact)
    deal = target if isinstance(target, Deal) else None
    return CaptureResult(Outcome.ATTACHED, lead=lead, contact=contact, deal=deal, activity=activity, matches=matches)


def _create(
    actor: Actor, incoming: Incoming, person: Person, decision: Decision, matches: list[Match]
) -> CaptureResult:
    result = CaptureResult(decision.outcome, contact=decision.contact, matches=matches)
    if actor.workspace.crm_mode == CrmMode.SIMPLE:
        result.deal, result.contact = records.new_deal(actor, person, decision.contact)
        target: Lead | Deal = result.deal
        records.remember_identities(actor, person, lead=None, contact=result.contact)
    else:
        # The delivery's entry goes onto the new lead's timeline with its "created" row.
        result.lead, result.activity = records.new_lead(
            actor, person, incoming, decision.contact, outcome=decision.outcome, matches=matches
        )
        target = result.lead
        records.write_flags(actor, target, decision.flags)
        records.remember_identities(actor, person, lead=target, contact=None)
    if decision.outcome == Outcome.REPEAT and decision.contact is not None:
        records.note_repeat(actor, decision.contact, target)
    if result.deal is not None:
        result.activity = records.put_on_timeline(
            actor, target, incoming, person, outcome=decision.outcome, matches=matches
        )
    return result


def _without_nul(incoming: Incoming) -> Incoming:
    sent = incoming.activity
    if sent is not None:
        sent = replace(sent, **without_nul({"subject": sent.subject, "body": sent.body, "payload": sent.payload}))
    return replace(
        incoming, person=without_nul(incoming.person), messenger=without_nul(incoming.messenger), activity=sent
    )


def _check_activity(activity: IncomingActivity | None) -> None:
    if activity is None:
        return
    errors = []
    if activity.kind not in Kind.values:
        errors.append(FieldError("activity.kind", "activity_kind_invalid", _("Not a kind of activity.")))
    if activity.direction not in Direction.values:
        errors.append(FieldError("activity.direction", "activity_direction_invalid", _("Direction is in or out.")))
    if not isinstance(activity.payload, dict):
        errors.append(FieldError("activity.payload", "invalid", _("The payload is an object.")))
    if len(activity.body) > 100_000:
        errors.append(FieldError("activity.body", "too_long", _("At most %(count)d characters.") % {"count": 100_000}))
    if errors:
        raise ValidationFailed(errors)
