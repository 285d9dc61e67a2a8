"""Identity matching: which leads, contacts and companies of the workspace an incoming person may be.

Public API (other parts of Funil call these):
- `find_matches(actor, person, messenger, *, exclude_lead_id=None)`: `person` is a dict of lead fields either
  raw, as a channel sent them, or already normalised (a lead's own `email_normalized`, `phone_e164`... are used
  when present). A value that does not parse is not looked up; matching never raises ValidationFailed.
- `matches_for_lead(actor, lead)`: the possible duplicates of a stored lead (the lead card's panel).

Both see only what the actor may read, strongest first, one Match per record. Reasons: the same email, the
same messenger id, the same phone (strong only under a compatible name: colleagues share switchboards), the same
company domain (a company, never a person), and a similar name at the same company (scored with rapidfuzz, on
both databases alike). The reads are in `candidates.py`.
"""

from dataclasses import replace
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext as _

from funil.accounts.access import Actor
from funil.leads.models import Lead

from .candidates import Row, candidate_rows, load, phone_keys
from .keys import Keys, company_key, keys_for, name_similarity, names_compatible
from .models import Identity
from .shapes import Match

__all__ = ["Reason", "find_matches", "matches_for_lead", "search"]


class Reason(StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    WHATSAPP = "whatsapp"
    TELEGRAM = "telegram"
    MESSENGER = "messenger"  # another messenger's id
    DOMAIN = "domain"
    NAME_COMPANY = "name_company"


SIMILAR_NAME = 0.85
MAX_MATCHES = 20


def find_matches(
    actor: Actor, person: dict[str, Any], messenger: dict[str, Any] | None = None, *, exclude_lead_id: int | None = None
) -> list[Match]:
    return search(actor, keys_for(actor.workspace.country, person, messenger), exclude_lead_id=exclude_lead_id)


def matches_for_lead(actor: Actor, lead: Lead) -> list[Match]:
    """Who this lead may also be, its own contact aside (a repeat lead is linked to its customer on purpose)."""
    fields = {name: getattr(lead, name) for name in ("first_name", "last_name", "company_name", "website")}
    fields.update(email_normalized=lead.email_normalized, phone_e164=lead.phone_e164, mobile_e164=lead.mobile_e164)
    keys = keys_for(actor.workspace.country, fields)
    keys.messenger = list(Identity.objects.filter(workspace=actor.workspace, lead=lead).values_list("kind", "value"))
    return search(actor, keys, exclude_lead_id=lead.pk, exclude_contact_id=lead.contact_id)


def search(
    actor: Actor, keys: Keys, *, exclude_lead_id: int | None = None, exclude_contact_id: int | None = None
) -> list[Match]:
    rows = candidate_rows(actor, keys, exclude_lead_id=exclude_lead_id, exclude_contact_id=exclude_contact_id)
    hits = [row for row in rows if row.kind == "identity"]
    found: list[Match] = []
    for row in rows:
        if row.kind in ("lead", "contact"):
            fk = 0 if row.kind == "lead" else 1
            own = [h for h in hits if (h.pk if fk == 0 else _int(h.c)) == row.pk]
            found.extend(_exact_reasons(keys, row, own))
        elif row.kind == "company":
            found.append(Match(row, Reason.DOMAIN, _("same company email domain"), 0.3))
        elif row.kind in ("lead~", "contact~"):
            found.extend(_similar(keys, row))
    return _best(actor, found)


def _int(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None


def _exact_reasons(keys: Keys, row: Row, hits: list[Row]) -> list[Match]:
    out = []
    if keys.email and row.c == keys.email:
        out.append(Match(row, Reason.EMAIL, _("same email"), 0.98, strong=True))
    shared = {row.d, row.e} & set(phone_keys(keys)) - {""}
    for hit in hits:
        if (hit.a, hit.b) in keys.messenger:
            out.append(_messenger_match(row, hit.a or ""))
        elif hit.a == Reason.WHATSAPP and hit.b in keys.phones:
            shared.add(hit.b)  # a WhatsApp contact now calls (or writes) from the same number
    if shared:
        if names_compatible(keys.first_name, keys.last_name, row.first_name, row.last_name):
            out.append(Match(row, Reason.PHONE, _("same phone"), 0.9, strong=True))
        else:
            out.append(Match(row, Reason.PHONE, _("same phone, different name"), 0.4))
    return out


def _messenger_match(row: Row, kind: str) -> Match:
    if kind == Reason.WHATSAPP:
        return Match(row, Reason.WHATSAPP, _("same WhatsApp number"), 0.97, strong=True)
    if kind == Reason.TELEGRAM:
        return Match(row, Reason.TELEGRAM, _("same Telegram user"), 0.97, strong=True)
    return Match(row, Reason.MESSENGER, _("same %(kind)s id") % {"kind": kind}, 0.95, strong=True)


def _similar(keys: Keys, row: Row) -> list[Match]:
    """A look-alike: never strong, whatever the score."""
    if row.c and company_key(row.c) != keys.company_key:  # SQLite's narrowing is wider than the key
        return []
    score = round(name_similarity(keys.full_name, row.full_name, at_least=SIMILAR_NAME), 2)
    if score < SIMILAR_NAME:
        return []
    label = _("similar name at the same company, %(score).2f") % {"score": score}
    return [Match(replace(row, kind=row.kind.rstrip("~")), Reason.NAME_COMPANY, label, score)]


def _best(actor: Actor, found: list[Match]) -> list[Match]:
    """One match per record (its strongest reason, labelled with all of them), with the record loaded."""
    groups: dict[tuple[str, int], list[Match]] = {}
    for match in found:
        groups.setdefault((match.record.kind, match.record.pk), []).append(match)
    records = load(actor, set(groups))
    best = []
    for key, group in groups.items():
        if key not in records:
            continue
        group.sort(key=lambda m: (m.strong, m.confidence), reverse=True)
        label = ", ".join(dict.fromkeys(m.label for m in group))
        best.append(replace(group[0], record=records[key], label=label[:200]))
    kind_rank = {"lead": 2, "contact": 1, "company": 0}
    best.sort(key=lambda m: (m.strong, m.confidence, kind_rank[m.record._meta.model_name], m.record.pk), reverse=True)
    return best[:MAX_MATCHES]
