"""duplicates_dismiss: "these are not duplicates". The open flags between them are resolved, and every pair is
remembered as a resolved flag, so neither the report's exact email/phone groups nor the lead card offer them again."""

from collections.abc import Sequence
from itertools import combinations

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from funil.accounts.access import Actor, require
from funil.activities import timeline
from funil.activities.models import Kind
from funil.contacts.models import Contact
from funil.core.errors import ValidationFailed
from funil.intake.models import DuplicateFlag
from funil.leads.models import Lead

from .errors import MergeError

DISMISSED = "dismissed"  # the reason of a flag that only records "not duplicates"
MAX_DISMISSED = 20


def duplicates_dismiss(*, actor: Actor, leads: Sequence[Lead], contacts: Sequence[Contact] = ()) -> int:
    """Resolve the flags among `leads` (and between them and `contacts`); returns how many flags were resolved."""
    ids = sorted({lead.pk for lead in leads})
    if len(ids) + len(contacts) < 2 or not ids:
        raise ValidationFailed.single("leads", MergeError.NOTHING_TO_MERGE, _("Choose at least two records."))
    if len(ids) > MAX_DISMISSED:
        raise ValidationFailed.single(
            "leads", MergeError.TOO_MANY, _("Choose at most %(n)d leads at once.") % {"n": MAX_DISMISSED}
        )
    for lead in leads:
        require(actor, "lead", "update", lead)
    for contact in contacts:
        require(actor, "contact", "read", contact)
    contact_ids = [contact.pk for contact in contacts]
    with transaction.atomic():
        now = timezone.now()
        between = Q(lead_id__in=ids) & (Q(other_lead_id__in=ids) | Q(other_contact_id__in=contact_ids))
        flags = DuplicateFlag.objects.filter(between, workspace=actor.workspace)
        resolved = flags.filter(resolved_at__isnull=True).update(resolved_at=now)
        known = {
            frozenset(pair) for pair in flags.filter(other_lead__isnull=False).values_list("lead_id", "other_lead_id")
        }
        DuplicateFlag.objects.bulk_create(
            DuplicateFlag(
                workspace=actor.workspace,
                lead_id=a,
                other_lead_id=b,
                reason=DISMISSED,
                label="not duplicates",
                confidence=0,
                resolved_at=now,
            )
            for a, b in combinations(ids, 2)
            if frozenset((a, b)) not in known
        )
        names = ", ".join(str(lead) for lead in leads)
        for lead in leads:
            timeline.record(
                actor=actor,
                target=lead,
                kind=Kind.SYSTEM,
                subject=f"Marked as not duplicates: {names}",
                payload={"not_duplicates": {"leads": ids, "contacts": contact_ids}},
            )
    return resolved
