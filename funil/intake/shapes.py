"""The shapes every channel codes against (re-exported by `funil.intake.capture`, where channels import them)."""

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from funil.activities.models import Activity
from funil.leads.models import Lead


class Channel(StrEnum):
    MANUAL = "manual"
    API = "api"
    WEB_FORM = "web_form"
    EMAIL = "email"
    CALL = "call"
    WHATSAPP = "whatsapp"
    TELEGRAM = "telegram"
    MESSENGER = "messenger"  # the documented generic JSON format
    IMPORT = "import"


class Outcome(StrEnum):
    CREATED = "created"  # a new lead
    ATTACHED = "attached"  # the message went onto an existing open lead or contact
    REPEAT = "repeat"  # a known customer wrote again: a repeat lead linked to the contact
    FLAGGED = "flagged"  # a new lead, flagged as a possible duplicate of the matches
    REPLAYED = "replayed"  # the same delivery came again: the first result, nothing new


@dataclass(frozen=True)
class IncomingActivity:
    """What happened, put on the timeline of whichever record the person turns out to be."""

    kind: str  # an activities.models.Kind: email, call, message, form_submission, note
    subject: str = ""
    body: str = ""
    direction: str = "in"
    channel: str = ""  # phone, email, whatsapp, telegram, web...
    payload: dict[str, Any] = field(default_factory=dict)  # duration, recording URL, provider ids, form values
    occurred_at: datetime | None = None


@dataclass(frozen=True)
class Attachment:
    name: str
    content_type: str
    content: bytes


@dataclass(frozen=True)
class Incoming:
    """One delivery from a channel, as received (normalisation happens inside lead_capture)."""

    channel: Channel
    # Lead fields as sent: first_name, last_name, full_name (split when no first/last), email, phone, mobile,
    # company_name, title, website, country, city, source, campaign, utm_*, page_url, need, budget, custom_fields...
    person: dict[str, Any]
    messenger: dict[str, str] = field(default_factory=dict)  # {"whatsapp": "+5581...", "telegram": "123456"}
    activity: IncomingActivity | None = None
    attachments: tuple[Attachment, ...] = ()
    consent: bool | None = None
    consent_text: str = ""
    idempotency_key: str = ""  # Idempotency-Key header, provider message id, or form submission token
    thread_refs: tuple[str, ...] = ()  # e-mail Message-ID / In-Reply-To / References, to attach replies
    # A record the channel already knows this belongs to (an e-mail reply in a known thread): the activity goes
    # onto it, no matching, still replay-safe.
    reply_to: Any = None


@dataclass(frozen=True)
class Match:
    """A record the incoming person may be; `reason` is a code, `label` says it to a person."""

    record: Any  # Lead, Contact or Company
    reason: str  # email, phone, whatsapp, telegram, domain, name_company
    label: str  # "same phone", "similar name at the same company, 0.91"
    confidence: float
    # Strong enough to put a message on the record without asking: same email, same messenger id, same phone
    # with a compatible name. Look-alikes (similar names, a shared phone under another name) never are.
    strong: bool = False


@dataclass
class CaptureResult:
    outcome: Outcome
    lead: Lead | None = None
    contact: Any = None
    deal: Any = None
    activity: Activity | None = None
    matches: list[Match] = field(default_factory=list)
    # A replay: the first delivery's answer as it was stored (as_dict returns it, marked "replayed").
    first: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        if self.first is not None:
            return {**self.first, "outcome": str(self.outcome), "first_outcome": self.first.get("outcome")}
        return {
            "outcome": str(self.outcome),
            "lead": self.lead.pk if self.lead else None,
            "contact": getattr(self.contact, "pk", None),
            "deal": getattr(self.deal, "pk", None),
            "activity": self.activity.pk if self.activity else None,
            "matches": [
                {
                    "kind": m.record._meta.model_name,
                    "id": m.record.pk,
                    "reason": m.reason,
                    "label": m.label,
                    "confidence": m.confidence,
                }
                for m in self.matches
            ],
        }
