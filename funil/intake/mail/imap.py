"""Polling IMAP mailboxes: each UNSEEN message goes through mail_receive and is marked \\Seen only once its
capture has committed. A message Funil cannot take (unreadable, too large, refused) is marked \\Seen and
\\Flagged, so it is neither fetched again nor lost from a person's sight; a failure of Funil itself (the database
gone) leaves the message unseen, for the next poll.
"""

import imaplib
import logging
import ssl
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from funil.core.errors import DomainError
from funil.intake.webhooks.models import Integration, IntegrationKind
from funil.intake.webhooks.services import delivery_noted, integration_error_noted

from .receive import mail_receive
from .views import mail_limit

log = logging.getLogger(__name__)
TIMEOUT = 30  # seconds per network operation
BATCH = 100  # messages per mailbox per poll; the rest wait for the next one


@dataclass
class PollReport:
    integration: Integration
    captured: int = 0
    replayed: int = 0
    ignored: int = 0
    refused: int = 0
    error: str = ""
    problems: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = _(
            "%(name)s: %(captured)d captured, %(replayed)d already known, %(ignored)d ignored, %(refused)d refused"
        ) % {
            "name": self.integration.name,
            "captured": self.captured,
            "replayed": self.replayed,
            "ignored": self.ignored,
            "refused": self.refused,
        }
        return f"{text}; {self.error}" if self.error else text


def fetchmail(*, integrations: list[Integration] | None = None, batch: int = BATCH) -> list[PollReport]:
    """Poll every active IMAP integration (or the given ones); one mailbox's failure does not stop the others."""
    if integrations is None:
        integrations = list(
            Integration.objects.select_related("workspace").filter(kind=IntegrationKind.IMAP, active=True)
        )
    reports = []
    for integration in integrations:
        try:
            reports.append(imap_poll(integration, batch=batch))
        except Exception:  # one mailbox's surprise must not keep the others from being read
            log.exception("fetchmail %s (%s) failed", integration.name, integration.pk)
    return reports


def imap_poll(integration: Integration, *, batch: int = BATCH) -> PollReport:
    report = PollReport(integration)
    try:
        with _connect(integration.settings) as conn:
            _login(conn, integration.settings)
            for uid in _unseen(conn, integration.settings)[:batch]:
                _one(conn, integration, uid, report)
    except (imaplib.IMAP4.error, OSError, ssl.SSLError, EOFError) as exc:
        report.error = _("Mailbox error: %(error)s") % {"error": str(exc) or type(exc).__name__}
        integration_error_noted(integration, report.error)
        log.warning("fetchmail %s (%s): %s", integration.name, integration.pk, report.error)
    return report


def _connect(settings: dict[str, Any]) -> imaplib.IMAP4:
    host, port = str(settings.get("host", "")), int(settings.get("port") or 993)
    security = settings.get("security", "ssl")
    if security == "ssl":
        return imaplib.IMAP4_SSL(host, port, ssl_context=ssl.create_default_context(), timeout=TIMEOUT)
    conn = imaplib.IMAP4(host, port, timeout=TIMEOUT)
    if security == "starttls":
        conn.starttls(ssl.create_default_context())
    return conn


def _login(conn: imaplib.IMAP4, settings: dict[str, Any]) -> None:
    conn.login(str(settings.get("username", "")), str(settings.get("password", "")))
    typ, _data = conn.select(_quoted(str(settings.get("folder") or "INBOX")))
    if typ != "OK":
        raise imaplib.IMAP4.error(_("Folder %(folder)s cannot be opened.") % {"folder": settings.get("folder")})


def _quoted(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _unseen(conn: imaplib.IMAP4, settings: dict[str, Any]) -> list[bytes]:
    typ, data = conn.uid("SEARCH", None, "UNSEEN")  # type: ignore[arg-type]
    if typ != "OK" or not data or not data[0]:
        return []
    return [uid for uid in data[0].split() if uid.isdigit()]


def _one(conn: imaplib.IMAP4, integration: Integration, uid: bytes, report: PollReport) -> None:
    raw = _fetch(conn, uid)
    if raw is None:
        _mark(conn, uid, r"(\Seen \Flagged)")
        report.refused += 1
        delivery_noted(integration, refused=1, error=_("A message was larger than the limit and was left flagged."))
        return
    try:
        outcome = mail_receive(integration=integration, raw=raw)
    except DomainError as exc:  # counted by mail_receive
        _mark(conn, uid, r"(\Seen \Flagged)")
        report.refused += 1
        report.problems.append(exc.message)
        return
    except Exception as exc:  # a bug or a database failure: leave it unseen for the next poll, read the others
        log.exception("fetchmail %s (%s): message %s failed", integration.name, integration.pk, uid.decode())
        report.refused += 1
        report.problems.append(
            _("A message could not be processed (%(error)s); it was left unread for the next poll.")
            % {"error": type(exc).__name__}
        )
        return
    _mark(conn, uid, r"(\Seen)")
    if outcome.result is None:
        report.ignored += 1
    elif outcome.result.outcome == "replayed":
        report.replayed += 1
    else:
        report.captured += 1


def _fetch(conn: imaplib.IMAP4, uid: bytes) -> bytes | None:
    """The message's bytes without setting \\Seen (BODY.PEEK), or None when it is over the size limit."""
    typ, data = conn.uid("FETCH", uid.decode(), "(RFC822.SIZE)")
    size = _size(data)
    if size is not None and size > mail_limit():
        return None
    typ, data = conn.uid("FETCH", uid.decode(), "(BODY.PEEK[])")
    if typ != "OK":
        raise imaplib.IMAP4.error(_("The server did not return message %(uid)s.") % {"uid": uid.decode()})
    for item in data:
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], bytes):
            return item[1]
    return b""


def _size(data: list[Any]) -> int | None:
    for item in data:
        line = item[0] if isinstance(item, tuple) else item
        if isinstance(line, bytes) and b"RFC822.SIZE" in line:
            digits = line.split(b"RFC822.SIZE", 1)[1].strip(b" ()").split(b" ")[0].rstrip(b")")
            return int(digits) if digits.isdigit() else None
    return None


def _mark(conn: imaplib.IMAP4, uid: bytes, flags: str) -> None:
    conn.uid("STORE", uid.decode(), "+FLAGS", flags)


__all__ = ["PollReport", "fetchmail", "imap_poll"]
