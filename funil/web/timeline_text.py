"""Timeline subjects are stored as written, in English, when the system writes them (they are the audit
trail and must not change with the reader). This shows the system's own ones in the reader's language; text a
person or a sender wrote (a note's subject, an e-mail's) is never touched."""

import re
from functools import lru_cache

from django.utils.translation import gettext, gettext_noop

# Whole subjects the system writes.
_FIXED = {
    s: s
    for s in (
        gettext_noop("Lead created"),
        gettext_noop("Deal created"),
        gettext_noop("Contact created"),
        gettext_noop("Company created"),
        gettext_noop("Assigned"),
        gettext_noop("Unassigned"),
        gettext_noop("Converted"),
        gettext_noop("Conversion undone"),
        gettext_noop("Telegram message"),
        gettext_noop("WhatsApp message"),
        gettext_noop("Incoming call"),
        gettext_noop("Missed call"),
        gettext_noop("Outgoing call"),
        gettext_noop("Outgoing call not answered"),
        gettext_noop("Call answered"),
        gettext_noop("Call ended"),
        gettext_noop("Call"),
    )
}
# A system prefix followed by what it is about (kept as written).
_PREFIXED = (
    ("Changed ", gettext_noop("Changed %(what)s")),
    ("Done: ", gettext_noop("Done: %(what)s")),
    ("Rescheduled: ", gettext_noop("Rescheduled: %(what)s")),
    ("Reminder: ", gettext_noop("Reminder: %(what)s")),
    ("File: ", gettext_noop("File: %(what)s")),
    ("Converted from lead: ", gettext_noop("Converted from lead: %(what)s")),
    ("Company deleted: ", gettext_noop("Company deleted: %(what)s")),
    ("Merged into this lead: ", gettext_noop("Merged into this lead: %(what)s")),
    ("Marked as not duplicates: ", gettext_noop("Marked as not duplicates: %(what)s")),
    ("Came back: ", gettext_noop("Came back: %(what)s")),
)
_CALL_LENGTH = re.compile(r"^(Call answered|Call ended) (\(\d+:\d\d\))$")
SYSTEM_KINDS = {"system", "field_change", "assignment", "conversion", "merge", "stage_change", "call", "message"}


def shown_subject(kind: str, subject: str) -> str:
    if kind not in SYSTEM_KINDS or not subject:
        return subject
    if kind == "stage_change" and " → " in subject:  # default stage names read in the reader's language
        from funil.web.templatetags.humanize_funil import label

        return " → ".join(label(part) for part in subject.split(" → ", 1))
    return _translated(subject)


@lru_cache(maxsize=4096)
def _cached(subject: str, language: str) -> str:  # language is part of the key: gettext reads the active one
    if subject in _FIXED:
        return gettext(subject)
    call = _CALL_LENGTH.match(subject)
    if call:
        return f"{gettext(call.group(1))} {call.group(2)}"
    for prefix, template in _PREFIXED:
        if subject.startswith(prefix):
            return gettext(template) % {"what": subject[len(prefix) :]}
    return subject


def _translated(subject: str) -> str:
    from django.utils.translation import get_language

    return _cached(subject, get_language() or "en")
