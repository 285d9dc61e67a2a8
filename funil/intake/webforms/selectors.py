"""Reading web forms: the builder's list (scoped to the acting admin's workspace) and a form by public id."""

import time

from django.db.models import QuerySet

from funil.accounts.access import Actor, scoped

from .models import WebForm

# A form is read on every visit and every submission; each server process keeps it a few seconds, so a burst of
# submissions costs no query for it. An admin's change reaches the other processes within these seconds.
CACHE_SECONDS = 3.0
CACHE_SIZE = 1000
_recent: dict[str, tuple[float, WebForm]] = {}


def webforms(actor: Actor) -> QuerySet[WebForm]:
    return scoped(actor, WebForm).select_related("source", "campaign").order_by("name", "pk")


def public_form(public_id: str) -> WebForm | None:
    """The form behind a public address, with its workspace (the system actor needs it) and source."""
    if not public_id or len(public_id) > 32:
        return None
    now = time.monotonic()
    cached = _recent.get(public_id)
    if cached is not None and cached[0] > now:
        return cached[1]
    form = WebForm.objects.select_related("workspace", "source").filter(public_id=public_id).first()
    if form is not None:  # unknown addresses are not kept: probing random ones must not fill memory
        if len(_recent) >= CACHE_SIZE:
            _recent.clear()
        _recent[public_id] = (now + CACHE_SECONDS, form)
    return form


def forget(public_id: str) -> None:
    """Drop this process's copy of a form that was just changed."""
    _recent.pop(public_id, None)
