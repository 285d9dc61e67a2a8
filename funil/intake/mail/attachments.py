"""An e-mail's attached files, checked by the timeline's attachment rules (size, type, content matching the
name). A refused file is noted on the activity with the reason; it never makes the e-mail fail."""

import os
from email.message import EmailMessage
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _

from funil.activities import attachments as rules
from funil.core.errors import ValidationFailed
from funil.intake.capture import Attachment

MAX_FILES = 20


def read_attachments(msg: EmailMessage, body_part: Any) -> tuple[list[Attachment], list[dict[str, str]]]:
    accepted: list[Attachment] = []
    refused: list[dict[str, str]] = []
    for part in msg.walk():
        if part.is_multipart() or part is body_part or not _is_file(part):
            continue
        name = _name(part)
        if len(accepted) >= MAX_FILES:
            refused.append(
                {
                    "name": name,
                    "code": "too_many",
                    "reason": _("At most %(count)d files per message.") % {"count": MAX_FILES},
                }
            )
            continue
        try:
            content = part.get_payload(decode=True)
            data = content if isinstance(content, bytes) else b""
            content_type = rules._check(SimpleUploadedFile(name, data, part.get_content_type()))
        except ValidationFailed as exc:
            refused.append({"name": name, "code": exc.code, "reason": exc.errors[0].message})
            continue
        except Exception:  # a part whose transfer encoding cannot be undone
            refused.append({"name": name, "code": "unreadable", "reason": _("The file could not be decoded.")})
            continue
        accepted.append(Attachment(name=name, content_type=content_type, content=data))
    return accepted, refused


def _is_file(part: EmailMessage) -> bool:
    """A part sent as a file; pictures embedded in the HTML (inline, with a Content-ID) are not."""
    try:
        disposition = part.get_content_disposition()
        filename = part.get_filename()
    except Exception:
        return False
    if disposition == "inline" and part.get("Content-ID") and part.get_content_maintype() == "image":
        return False
    return disposition == "attachment" or bool(filename)


def _name(part: EmailMessage) -> str:
    try:
        raw = part.get_filename() or ""
    except Exception:
        raw = ""
    name = os.path.basename(raw.replace("\\", "/").replace("\x00", "")).strip()
    return name[:200] or "attachment"
