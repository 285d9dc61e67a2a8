"""What to do with a person intake may already know: attach, open a repeat lead, or create (and flag).

- A strong match (same email, same messenger id, same phone under a compatible name) on an open lead or a
  contact the actor may update: with the "attach" policy the message goes onto that record.
- A known customer (a contact with a won deal, or marked a customer) opens a repeat lead (a deal in simple
  mode) linked to that contact, whatever the policy.
- Anything else creates a new record; every lead or contact it may duplicate is flagged, never merged.
"""

from dataclasses import dataclass, field
from typing import Any

from funil.accounts.access import Actor, can, in_scope
from funil.accounts.models import CrmMode, IntakePolicy
from funil.contacts.models import Contact, Lifecycle
from funil.deals.models import Deal, DealStatus
from funil.leads.models import Lead, LeadStatus

from .shapes import Match, Outcome


@dataclass
class Decision:
    outcome: Outcome
    target: Any = None  # the lead or contact a message is attached to
    contact: Contact | None = None  # the contact a new record belongs to (a customer, or a known person)
    flags: list[Match] = field(default_factory=list)


def decide(actor: Actor, matches: list[Match]) -> Decision:
    simple = actor.workspace.crm_mode == CrmMode.SIMPLE
    attach = actor.workspace.intake_policy == IntakePolicy.ATTACH
    strong = [m.record for m in matches if m.strong]
    writes = can(actor, "activity", "create")
    leads = [
        r for r in strong if isinstance(r, Lead) and r.status == LeadStatus.OPEN and can(actor, "lead", "update", r)
    ]
    contacts = [r for r in strong if isinstance(r, Contact) and in_scope(actor, r, "read")]
    people = [m for m in matches if isinstance(m.record, Lead | Contact)]
    if attach and writes and leads and not simple:  # in simple mode leads are out of sight: nothing goes onto them
        return Decision(Outcome.ATTACHED, target=leads[0])
    customer = _first_customer(contacts)
    if customer is not None:
        return Decision(Outcome.REPEAT, contact=customer, flags=[m for m in people if m.record != customer])
    if attach and writes:
        for contact in contacts:
            if can(actor, "contact", "update", contact):
                return Decision(Outcome.ATTACHED, target=contact)
    # A new record. In simple mode its deal belongs to the known contact rather than to a copy of them.
    known = contacts[0] if simple and contacts else None
    flags = [] if simple else people
    return Decision(Outcome.FLAGGED if flags else Outcome.CREATED, contact=known, flags=flags)


def _first_customer(contacts: list[Contact]) -> Contact | None:
    if not contacts:
        return None
    ids = {c.pk for c in contacts}
    won = set(
        Deal.objects.filter(contact_id__in=ids, status=DealStatus.WON).values_list("contact_id", flat=True).distinct()
    )
    marked = {c.pk for c in contacts if c.lifecycle == Lifecycle.CUSTOMER}
    return next((c for c in contacts if c.pk in won | marked), None)
