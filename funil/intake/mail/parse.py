"""Reading a raw RFC 822 message (stdlib `email`, policy.default): sender, subject, text, attachments, thread.

Lenient where a header is optional (a broken Date is dropped), strict only where intake needs it: a message
without a sender address is refused as malformed, never a server error.
"""

import email
import email.utils
import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage, MIMEPart
from typing import Any

from django.utils.translation import gettext as _

from funil.core.errors import FieldError
from funil.intake.capture import Attachment
from funil.intake.webhooks.errors import DeliveryError, Malformed

from .attachments import read_attachments
from .html_text import html_to_text

BODY_LIMIT = 100_000  # characters of text kept on the activity
MESSAGE_ID = re.compile(r"<([^<>\s]+)>")
KEY_LIMIT = 200  # intake's idempotency keys and the thread table hold at most this much


@dataclass(frozen=True)
class ParsedMail:
    message_id: str
    sender: str
    sender_name: str
    subject: str = ""
    body: str = ""
    to: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    date: datetime | None = None
    in_reply_to: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    refused: list[dict[str, str]] = field(default_factory=list)
    automatic: str = ""  # why a machine sent it (auto-reply, bounce), or empty

    @property
    def thread_refs(self) -> list[str]:
        """Where a reply points, nearest first: In-Reply-To, then References from the newest."""
        return list(dict.fromkeys([*self.in_reply_to, *reversed(self.references)]))


def message_key(message_id: str) -> str:
    """A Message-ID as intake keys and the thread table store it: as is, or a digest when too long."""
    if len(message_id) <= KEY_LIMIT:
        return message_id
    return "sha256:" + hashlib.sha256(message_id.encode("utf-8", "replace")).hexdigest()


def parse_mail(raw: bytes) -> ParsedMail:
    if not raw.strip():
        raise _malformed("message", _("The message is empty."))
    try:
        msg: EmailMessage = email.message_from_bytes(raw, policy=policy.default)
        address, name = _sender(msg)
    except Exception:  # the stdlib parser raises assorted errors on broken input; all of them mean "malformed"
        raise _malformed("message", _("This is not an RFC 822 message.")) from None
    if not address:
        raise _malformed("from", _("The message has no sender address (From)."))
    body_part, body = _body(msg)
    attachments, refused = read_attachments(msg, body_part)
    own_id = _ids(_header(msg, "Message-ID"))
    return ParsedMail(
        message_id=own_id[0] if own_id else "",
        sender=address,
        sender_name=name,
        subject=" ".join(_header(msg, "Subject").split())[:300],
        body=body,
        to=_addresses(msg, "To"),
        cc=_addresses(msg, "Cc"),
        date=_date(msg),
        in_reply_to=_ids(_header(msg, "In-Reply-To")),
        references=_ids(_header(msg, "References")),
        attachments=attachments,
        refused=refused,
        automatic=_automatic(msg, address),
    )


def _malformed(where: str, message: str) -> Malformed:
    return Malformed([FieldError(where, DeliveryError.MALFORMED, message)])


def _header(msg: EmailMessage, name: str) -> str:
    """A header's decoded text, or "" when it is missing or cannot be decoded."""
    try:
        value = msg.get(name)
        return str(value or "").replace("\x00", "")
    except Exception:
        return ""


def _sender(msg: EmailMessage) -> tuple[str, str]:
    header = msg.get("From")
    found = list(getattr(header, "addresses", ()))
    if found:
        address, name = found[0].addr_spec.strip().strip("<>"), str(found[0].display_name or "")
    else:
        name, address = email.utils.parseaddr(str(header or ""))
    return (address.strip() if "@" in address else ""), name  # a bare local name is no address to answer


def _addresses(msg: EmailMessage, name: str) -> list[str]:
    try:
        return [a.addr_spec for a in getattr(msg.get(name), "addresses", ())][:50]
    except Exception:
        return []


def _ids(value: str) -> list[str]:
    ids = MESSAGE_ID.findall(value)
    if not ids and value.strip() and not any(c.isspace() for c in value.strip()):
        ids = [value.strip()]
    return ids[:100]


def _date(msg: EmailMessage) -> datetime | None:
    try:
        moment = getattr(msg.get("Date"), "datetime", None)
    except Exception:
        return None
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _body(msg: EmailMessage) -> tuple[Any, str]:
    """The text part a person would read (plain preferred; HTML turned into text) and its content."""
    try:
        part = msg.get_body(preferencelist=("plain", "html"))
    except Exception:
        part = None
    if part is None:
        return None, ""
    text = _decoded(part)
    if part.get_content_subtype() == "html":
        text = html_to_text(text)
    return part, text.replace("\x00", "").strip()[:BODY_LIMIT]


def _decoded(part: MIMEPart) -> str:
    try:
        return str(part.get_content())
    except Exception:  # an unknown or lying charset: decode the bytes as UTF-8, else Latin-1 (never fails)
        data = part.get_payload(decode=True)
        raw = data if isinstance(data, bytes) else b""
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw.decode("latin-1")


def _automatic(msg: EmailMessage, sender: str) -> str:
    """Auto-replies, bounces and bulk mail are not people writing: they create no lead."""
    if _header(msg, "Auto-Submitted").strip().lower() not in ("", "no"):
        return "auto_submitted"
    if msg.get_content_type() == "multipart/report":
        return "delivery_report"
    if sender.split("@")[0].lower() in ("mailer-daemon", "postmaster"):
        return "bounce"
    if _header(msg, "X-Autoreply") or _header(msg, "X-Autorespond"):
        return "auto_reply"
    if _header(msg, "Precedence").strip().lower() in ("auto_reply", "junk", "bulk"):
        return "bulk"
    return ""
