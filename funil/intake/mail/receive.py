"""mail_receive: one raw e-mail, from the HTTP gateway or an IMAP mailbox, into intake.

The sender becomes the person, the subject and text the email activity, the files its attachments. A reply in
a thread Funil knows goes onto the record of that thread; otherwise intake's matching decides. The Message-ID
is the idempotency key, so the same message delivered twice is captured once.
"""

import hashlib
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from funil.activities.models import Kind
from funil.core.errors import DomainError
from funil.intake.capture import CaptureResult, Channel, Incoming, IncomingActivity, Outcome
from funil.intake.webhooks.delivery import capture_one
from funil.intake.webhooks.formats.common import with_source
from funil.intake.webhooks.models import Integration
from funil.intake.webhooks.people import split_name
from funil.intake.webhooks.services import delivery_noted

from .parse import ParsedMail, message_key, parse_mail
from .threads import remember, thread_record


@dataclass(frozen=True)
class MailOutcome:
    message_id: str
    result: CaptureResult | None = None
    ignored: str = ""  # why the message created nothing (an auto-reply...)

    def as_dict(self) -> dict[str, Any]:
        if self.result is None:
            return {"ok": True, "message_id": self.message_id, "outcome": "ignored", "reason": self.ignored}
        return {"ok": True, "message_id": self.message_id, **self.result.as_dict()}


def mail_receive(*, integration: Integration, raw: bytes) -> MailOutcome:
    """Capture one message; raises Malformed (unreadable) or another DomainError (refused by intake)."""
    try:
        mail = parse_mail(raw)
        if mail.automatic:
            delivery_noted(integration)
            return MailOutcome(mail.message_id, ignored=mail.automatic)
        incoming = _incoming(integration, mail, raw)
        with transaction.atomic():
            result = capture_one(integration, incoming)
            if result.outcome != Outcome.REPLAYED:
                remember(integration.workspace, mail.message_id, result)
    except DomainError as exc:
        delivery_noted(integration, refused=1, error=exc.message)
        raise
    delivery_noted(integration, captured=int(result.outcome != Outcome.REPLAYED))
    return MailOutcome(mail.message_id, result=result)


def _incoming(integration: Integration, mail: ParsedMail, raw: bytes) -> Incoming:
    # A message without a Message-ID is keyed by its content, so a redelivery is still recognised.
    key = message_key(mail.message_id) if mail.message_id else "sha256:" + hashlib.sha256(raw).hexdigest()
    activity = IncomingActivity(
        kind=Kind.EMAIL,
        subject=mail.subject,
        body=mail.body,
        direction="in",
        channel="email",
        occurred_at=mail.date,
        payload={
            "provider": "email",
            "message_id": mail.message_id,
            "from": mail.sender,
            "to": mail.to,
            "cc": mail.cc,
            "attachments": [a.name for a in mail.attachments],
            "attachments_refused": mail.refused,
        },
    )
    person = with_source({"email": mail.sender, **split_name(mail.sender_name)}, integration)
    refs = mail.thread_refs
    return Incoming(
        channel=Channel.EMAIL,
        person=person,
        activity=activity,
        attachments=tuple(mail.attachments),
        idempotency_key=key,
        thread_refs=tuple(refs),
        reply_to=thread_record(integration.workspace, refs),
    )
