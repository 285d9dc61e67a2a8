"""The lists of reasons a lead is junk or a deal is lost: add, rename, retire and bring back."""

from django.db import transaction
from django.utils.translation import gettext as _

from funil.accounts.access import Actor, require
from funil.accounts.audit import setting_changed
from funil.accounts.settings_kit import read_name, reader_for, refuse_clash, refuse_duplicate, save_changes
from funil.core.errors import ValidationFailed

from ..errors import PipelineError
from ..models import CloseReason, ReasonKind


def reason_create(*, actor: Actor, kind: str, name: str) -> CloseReason:
    require(actor, "settings", "update")
    if kind not in ReasonKind.values:
        raise ValidationFailed.single("kind", PipelineError.REASON_KIND_INVALID, _("A reason is for junk or lost."))
    reader = reader_for(actor)
    read_name(reader, name, max_length=120)
    refuse_duplicate(reader, CloseReason.objects.filter(workspace=actor.workspace, kind=kind))
    reader.raise_if_errors()
    with transaction.atomic():
        siblings = CloseReason.objects.select_for_update().filter(workspace=actor.workspace, kind=kind)
        with refuse_clash():
            reason = CloseReason.objects.create(
                workspace=actor.workspace,
                kind=kind,
                name=reader.values["name"],
                position=len(siblings.values_list("pk")),
            )
        setting_changed(actor, area="reason", action="created", obj=reason, changes={"kind": kind})
    return reason


def reason_rename(*, actor: Actor, reason: CloseReason, name: str) -> CloseReason:
    """Records closed with this reason show the new name too: they point at the reason, not at its text."""
    require(actor, "settings", "update", reason)
    reader = reader_for(actor)
    read_name(reader, name, max_length=120)
    refuse_duplicate(reader, CloseReason.objects.filter(workspace=actor.workspace, kind=reason.kind), exclude=reason)
    reader.raise_if_errors()
    with transaction.atomic():
        save_changes(actor, reason, reader.values, area="reason")
    return reason


def reason_set_active(*, actor: Actor, reason: CloseReason, active: bool) -> CloseReason:
    """A retired reason is no longer offered; records closed with it keep it. One reason per list stays active,
    because junking a lead or losing a deal needs one."""
    require(actor, "settings", "update", reason)
    with transaction.atomic():
        others = CloseReason.objects.select_for_update().filter(
            workspace=actor.workspace, kind=reason.kind, active=True
        )
        if not active and not [pk for pk in others.values_list("pk", flat=True) if pk != reason.pk]:
            raise ValidationFailed.single(
                "active", PipelineError.REASON_LAST_ACTIVE, _("Keep at least one reason in this list active.")
            )
        save_changes(
            actor, reason, {"active": bool(active)}, area="reason", action="reactivated" if active else "deactivated"
        )
    return reason
