"""The writes of one capture, each through the owning app's service: the new lead (or deal and contact), the
message on the timeline with its files, the messenger identities learnt, and the possible-duplicate flags."""

import os
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from funil.accounts.access import Actor, scoped
from funil.activities import timeline
from funil.activities.attachments import ALLOWED_TYPES, max_upload_bytes
from funil.activities.models import Activity, Kind
from funil.activities.models import Attachment as StoredFile
from funil.contacts.models import Company, Contact
from funil.contacts.services import company_create, contact_create
from funil.contacts.services.fields import CONTACT_TEXT
from funil.core.domains import company_domain
from funil.core.writes import plain
from funil.deals.models import Deal
from funil.deals.services import deal_create
from funil.leads.models import Lead
from funil.leads.services import lead_create
from funil.leads.services.fields import read_new_lead
from funil.pipelines.models import PipelineKind
from funil.pipelines.selectors import first_open_stage_cached

from .candidates import company_block
from .keys import company_key
from .models import DuplicateFlag, Identity
from .normalize import Person
from .shapes import Attachment, Incoming, Match, Outcome

CONTACT_FIELDS = (*CONTACT_TEXT, "email", "phone", "mobile", "country")


def new_lead(
    actor: Actor,
    person: Person,
    incoming: Incoming,
    contact: Contact | None,
    *,
    outcome: Outcome,
    matches: list[Match],
) -> tuple[Lead, Activity | None]:
    """The new lead, and the delivery's entry on its timeline (written with the "created" row, one INSERT)."""
    # person.values is what the leads' reader made of person.data (normalize_person): only what intake adds
    # is read now, and lead_create does not read the fields a second time.
    data: dict[str, Any] = {}
    if incoming.consent is not None:
        data["marketing_consent"] = incoming.consent
        if "consent_source" not in person.data:
            data["consent_source"] = f"{incoming.channel}: {incoming.consent_text}".strip(": ")[:200]
    whatsapp = person.messenger.get("whatsapp")
    if whatsapp and not person.data.get("mobile") and whatsapp != person.values.get("phone_e164"):
        data["mobile"] = whatsapp  # the number they write from can be called too
    if contact is not None:
        data["contact"] = contact.pk
    read = read_new_lead(actor.workspace, data, scope=partial(scoped, actor), read_before=person.values)
    stage = first_open_stage_cached(actor.workspace, PipelineKind.LEAD)  # kept a few seconds per process
    entries: list[Entry] = []

    def on_timeline(lead: Lead) -> list[Activity]:
        entries.append(timeline_entry(actor, lead, incoming, person, outcome=outcome, matches=matches))
        return [entries[0].activity] if entries[0].activity is not None else []

    lead = lead_create(actor=actor, data=read, stage=stage, also_on_timeline=on_timeline)
    return lead, store_files(actor, entries[0])


def new_deal(actor: Actor, person: Person, contact: Contact | None) -> tuple[Deal, Contact]:
    """Simple mode: the person becomes (or is) a contact, and their request a deal in the first open stage."""
    if contact is None:
        data = {k: person.data[k] for k in CONTACT_FIELDS if person.data.get(k) not in (None, "")}
        company = _company(actor, person)
        if company is not None:
            data["company"] = company.pk
        contact = contact_create(actor=actor, data=data)
    name = " ".join(p for p in (person.values.get("first_name"), person.values.get("last_name")) if p)
    title = " · ".join(p for p in (name, person.values.get("company_name")) if p)
    deal_data: dict[str, Any] = {
        "title": (title or person.email or next(iter(person.phones), "") or _("New deal"))[:200],
        "contact": contact.pk,
        "company": contact.company_id,
    }
    for key in ("source", "campaign"):
        if person.data.get(key):
            deal_data[key] = person.data[key]
    if person.values.get("budget"):
        deal_data["amount"] = person.values["budget"]
    return deal_create(actor=actor, data=deal_data), contact


def _company(actor: Actor, person: Person) -> Company | None:
    name = person.values.get("company_name")
    if not name:
        return None
    key = company_key(name)
    for company in company_block(scoped(actor, Company), "name", name).only("id", "name")[:50]:
        if company_key(company.name) == key:
            return company
    return company_create(actor=actor, data={"name": name, "domain": company_domain(person.email)})


@dataclass
class Entry:
    """A timeline row built and not yet written, and the files to store with it once it is."""

    activity: Activity | None
    files: list[tuple[Attachment, str]]


def put_on_timeline(
    actor: Actor, target: Any, incoming: Incoming, person: Person, *, outcome: Outcome, matches: list[Match]
) -> Activity | None:
    """The message (or, for a person entered again, a note saying so) on the record's timeline, with its files."""
    entry = timeline_entry(actor, target, incoming, person, outcome=outcome, matches=matches)
    if entry.activity is not None:
        entry.activity.save()
    return store_files(actor, entry)


def timeline_entry(
    actor: Actor, target: Any, incoming: Incoming, person: Person, *, outcome: Outcome, matches: list[Match]
) -> Entry:
    """put_on_timeline's row and files, nothing written."""
    files, skipped = _readable_files(incoming.attachments)
    meta: dict[str, Any] = {"channel": str(incoming.channel), "outcome": str(outcome), **person.extras}
    if incoming.thread_refs:
        meta["thread_refs"] = list(incoming.thread_refs)
    if skipped:
        meta["skipped_files"] = skipped
    if outcome == Outcome.ATTACHED:
        meta["person"] = {k: plain(v) for k, v in person.data.items()}
        meta["matched"] = [m.label for m in matches if m.record == target]
    sent = incoming.activity
    if sent is None and not (files or skipped or person.extras or outcome == Outcome.ATTACHED):
        return Entry(None, [])
    if sent is not None and sent.occurred_at is not None:
        meta["occurred_at"] = sent.occurred_at.isoformat()
    activity = timeline.build(
        actor=actor,
        target=target,
        kind=sent.kind if sent else Kind.SYSTEM,
        subject=sent.subject if sent else _("Entered again (%(channel)s)") % {"channel": incoming.channel},
        body=sent.body if sent else "",
        payload={**(sent.payload if sent else {}), "intake": meta},
        direction=sent.direction if sent else "",
        channel=sent.channel if sent else str(incoming.channel),
    )
    return Entry(activity, files)


def store_files(actor: Actor, entry: Entry) -> Activity | None:
    """The entry's files, stored once its row is written."""
    activity = entry.activity
    if activity is None:  # no row, no files (a row is always built when there are files)
        return None
    for file, content_type in entry.files:
        name = os.path.basename(file.name) or "file"
        StoredFile.objects.create(
            workspace=actor.workspace,
            activity=activity,
            file=ContentFile(file.content, name=name),
            name=name[:255],
            size=len(file.content),
            content_type=content_type,
        )
    return activity


def _readable_files(files: tuple[Attachment, ...]) -> tuple[list[tuple[Attachment, str]], list[str]]:
    """Files of an allowed type and size (content matching the name); the others are named, not stored."""
    ok, skipped = [], []
    for file in files:
        allowed = ALLOWED_TYPES.get(os.path.splitext(file.name)[1].lower())
        head = file.content[:8]
        if (
            not file.content
            or len(file.content) > max_upload_bytes()
            or allowed is None
            or (allowed[1] is not None and not head.startswith(allowed[1]))
            or (allowed[1] is None and b"\x00" in head)
        ):
            skipped.append(file.name[:255])
        else:
            ok.append((file, allowed[0]))
    return ok, skipped


def remember_identities(actor: Actor, person: Person, *, lead: Lead | None, contact: Contact | None) -> None:
    """Messenger ids now known to belong to this lead and/or contact (what the next message is matched by)."""
    for kind, value in person.messenger.items():
        Identity.objects.get_or_create(workspace=actor.workspace, kind=kind, value=value, lead=lead, contact=contact)


def write_flags(actor: Actor, lead: Lead, matches: list[Match]) -> None:
    DuplicateFlag.objects.bulk_create(
        DuplicateFlag(
            workspace=actor.workspace,
            lead=lead,
            other_lead=m.record if isinstance(m.record, Lead) else None,
            other_contact=m.record if isinstance(m.record, Contact) else None,
            reason=m.reason,
            label=m.label[:200],
            confidence=m.confidence,
        )
        for m in matches
    )


def note_repeat(actor: Actor, contact: Contact, record: Lead | Deal) -> None:
    """The customer's own timeline says they came back, and where their new request is."""
    timeline.record(
        actor=actor,
        target=contact,
        kind=Kind.SYSTEM,
        subject=f"Came back: {record._meta.verbose_name} {record.pk}",
        payload={str(record._meta.model_name): record.pk},
    )
