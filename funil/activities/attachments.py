"""Files attached to a record's timeline: size limit, type check (extension and content), one note per file."""

import os
from enum import StrEnum

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils.translation import gettext as _

from funil.accounts.access import Actor, entity_of, require
from funil.core.errors import ValidationFailed

from . import timeline
from .models import Activity, Attachment, Kind


class AttachmentError(StrEnum):
    TOO_LARGE = "attachment_too_large"
    TYPE_NOT_ALLOWED = "attachment_type_not_allowed"
    EMPTY = "attachment_empty"


# Extension -> the bytes a file of that type starts with (None: text or a zip container, checked by extension).
ALLOWED_TYPES: dict[str, tuple[str, bytes | None]] = {
    ".pdf": ("application/pdf", b"%PDF"),
    ".png": ("image/png", b"\x89PNG"),
    ".jpg": ("image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    ".gif": ("image/gif", b"GIF8"),
    ".webp": ("image/webp", b"RIFF"),
    ".txt": ("text/plain", None),
    ".csv": ("text/csv", None),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK"),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
    ".odt": ("application/vnd.oasis.opendocument.text", b"PK"),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", b"PK"),
}


def max_upload_bytes() -> int:
    return int(getattr(settings, "FUNIL_MAX_UPLOAD_MB", 10)) * 1024 * 1024


def attachment_add(*, actor: Actor, target: models.Model, upload: UploadedFile, note: str = "") -> Activity:
    """Store the file and put it on the record's timeline as a note."""
    require(actor, "activity", "create")
    require(actor, entity_of(type(target)), "update", target)
    content_type = _check(upload)
    with transaction.atomic():
        activity = timeline.record(
            actor=actor,
            target=target,
            kind=Kind.NOTE,
            subject=f"File: {upload.name}",
            body=note,
            payload={"file": upload.name, "size": upload.size},
        )
        Attachment.objects.create(
            workspace=actor.workspace,
            activity=activity,
            file=upload,
            name=os.path.basename(upload.name or "file"),
            size=upload.size or 0,
            content_type=content_type,
        )
    return activity


def _check(upload: UploadedFile) -> str:
    if not upload.size:
        raise ValidationFailed.single("file", AttachmentError.EMPTY, _("The file is empty."))
    if upload.size > max_upload_bytes():
        raise ValidationFailed.single(
            "file",
            AttachmentError.TOO_LARGE,
            _("Files can be at most %(size)d MB.") % {"size": max_upload_bytes() // (1024 * 1024)},
        )
    extension = os.path.splitext(upload.name or "")[1].lower()
    allowed = ALLOWED_TYPES.get(extension)
    head = upload.read(8)
    upload.seek(0)
    if allowed is None or (allowed[1] is not None and not head.startswith(allowed[1])):
        raise ValidationFailed.single(
            "file",
            AttachmentError.TYPE_NOT_ALLOWED,
            _("Allowed files: %(types)s (and the content must match the name).")
            % {"types": ", ".join(sorted(ALLOWED_TYPES))},
        )
    if allowed[1] is None and b"\x00" in head:
        raise ValidationFailed.single(
            "file", AttachmentError.TYPE_NOT_ALLOWED, _("A text file cannot hold binary data.")
        )
    return allowed[0]
