"""Activities people log by hand, and follow-ups (scheduled calls, meetings and tasks)."""

from datetime import datetime
from enum import StrEnum

from django.db import models, transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from funil.accounts.access import Actor, entity_of, require
from funil.accounts.models import Membership
from funil.core.errors import DomainError, ValidationFailed

from . import timeline
from .models import FOLLOWUP_KINDS, LOGGABLE_KINDS, Activity, Direction, Kind


class ActivityError(StrEnum):
    KIND_INVALID = "activity_kind_invalid"
    EMPTY = "activity_empty"
    DUE_REQUIRED = "followup_due_required"
    REMIND_AFTER_DUE = "followup_remind_after_due"
    ASSIGNEE_NOT_MEMBER = "followup_assignee_not_member"
    NOT_A_FOLLOWUP = "not_a_followup"
    ALREADY_DONE = "followup_already_done"


def activity_log(
    *,
    actor: Actor,
    target: models.Model,
    kind: str,
    subject: str = "",
    body: str = "",
    direction: str = "",
    channel: str = "",
) -> Activity:
    """Log something that happened: a note, a call made, an email or message sent or received."""
    require(actor, "activity", "create")
    require(actor, entity_of(type(target)), "update", target)
    if kind not in LOGGABLE_KINDS:
        raise ValidationFailed.single(
            "kind", ActivityError.KIND_INVALID, _("%(kind)r cannot be logged by hand.") % {"kind": kind}
        )
    if direction not in Direction.values:
        raise ValidationFailed.single("direction", ActivityError.KIND_INVALID, _("Direction must be in or out."))
    if not (subject.strip() or body.strip()):
        raise ValidationFailed.single("body", ActivityError.EMPTY, _("Write a subject or a text."))
    with transaction.atomic():
        activity = timeline.record(
            actor=actor,
            target=target,
            kind=kind,
            subject=subject.strip(),
            body=body,
            direction=direction,
            channel=channel,
        )
        if kind in (Kind.CALL, Kind.EMAIL, Kind.MESSAGE, Kind.MEETING) and direction == Direction.OUT:
            _mark_first_contact(target)
    return activity


def followup_schedule(
    *,
    actor: Actor,
    target: models.Model,
    kind: str,
    subject: str,
    due_at: datetime | None,
    remind_at: datetime | None = None,
    assignee_id: int | None = None,
    body: str = "",
) -> Activity:
    """Schedule a call, meeting or task on a record; the record's next follow-up date follows."""
    require(actor, "activity", "create")
    require(actor, entity_of(type(target)), "update", target)
    if kind not in FOLLOWUP_KINDS:
        raise ValidationFailed.single("kind", ActivityError.KIND_INVALID, _("A follow-up is a call, meeting or task."))
    if due_at is None:
        raise ValidationFailed.single("due_at", ActivityError.DUE_REQUIRED, _("A follow-up needs a due date."))
    due_at, remind_at = _aware(due_at), _aware(remind_at) if remind_at else None
    if remind_at is not None and remind_at > due_at:
        raise ValidationFailed.single("remind_at", ActivityError.REMIND_AFTER_DUE, _("Remind before it is due."))
    if not subject.strip():
        raise ValidationFailed.single("subject", ActivityError.EMPTY, _("Say what the follow-up is."))
    assignee_id = assignee_id or getattr(target, "owner_id", None) or (actor.user.pk if actor.user else None)
    if (
        assignee_id
        and not Membership.objects.filter(workspace=actor.workspace, user_id=assignee_id, is_active=True).exists()
    ):
        raise ValidationFailed.single(
            "assignee", ActivityError.ASSIGNEE_NOT_MEMBER, _("Not a member of this workspace.")
        )
    with transaction.atomic():
        activity = timeline.record(
            actor=actor,
            target=target,
            kind=kind,
            subject=subject.strip(),
            body=body,
            due_at=due_at,
            remind_at=remind_at,
            assignee_id=assignee_id,
        )
        refresh_next_followup(target)
    return activity


def followup_complete(*, actor: Actor, activity: Activity, outcome: str = "") -> Activity:
    """Mark a follow-up done; the completion is itself a timeline row, so the history keeps both."""
    target = target_of(activity)
    require(actor, entity_of(type(target)), "update", target)
    if activity.due_at is None:
        raise DomainError(ActivityError.NOT_A_FOLLOWUP, _("This activity is not a follow-up."))
    with transaction.atomic():
        now = timezone.now()
        done = Activity.objects.filter(pk=activity.pk, done_at__isnull=True).update(done_at=now)
        if not done:
            raise DomainError(ActivityError.ALREADY_DONE, _("This follow-up is already done."))
        activity.done_at = now
        timeline.record(
            actor=actor,
            target=target,
            kind=activity.kind,
            subject=f"Done: {activity.subject}",
            body=outcome,
            payload={"followup": activity.pk, "done_at": [None, now.isoformat()]},
        )
        if activity.kind in (Kind.CALL, Kind.MEETING):
            _mark_first_contact(target)
        refresh_next_followup(target)
    return activity


def target_of(activity: Activity) -> models.Model:
    for name in ("lead", "deal", "contact", "company"):
        if getattr(activity, f"{name}_id"):
            return getattr(activity, name)
    raise ValueError("activity without a record")


def refresh_next_followup(target: models.Model) -> None:
    """Keep the record's `next_followup_at` equal to its earliest open follow-up (derived, so no version bump)."""
    if not hasattr(target, "next_followup_at"):
        return
    # Lock the record first: two follow-ups changing at once must not leave a stale date behind.
    type(target)._default_manager.select_for_update().filter(pk=target.pk).values_list("pk").first()
    fk = str(target._meta.model_name)
    nxt = Activity.objects.filter(**{fk: target}, due_at__isnull=False, done_at__isnull=True).aggregate(
        m=Min("due_at")
    )["m"]
    type(target)._default_manager.filter(pk=target.pk).update(next_followup_at=nxt)
    target.next_followup_at = nxt


def _mark_first_contact(target: models.Model) -> None:
    if hasattr(target, "first_contacted_at") and target.first_contacted_at is None:
        now = timezone.now()
        type(target)._default_manager.filter(pk=target.pk, first_contacted_at__isnull=True).update(
            first_contacted_at=now
        )
        target.first_contacted_at = now


def followup_reschedule(*, actor: Actor, activity: Activity, due_at: datetime) -> Activity:
    """Move an open follow-up to another time; the old and new times go on the timeline."""
    target = target_of(activity)
    require(actor, entity_of(type(target)), "update", target)
    if activity.due_at is None:
        raise DomainError(ActivityError.NOT_A_FOLLOWUP, _("This activity is not a follow-up."))
    with transaction.atomic():
        old = activity.due_at
        moved = Activity.objects.filter(pk=activity.pk, done_at__isnull=True).update(due_at=due_at, reminded_at=None)
        if not moved:
            raise DomainError(ActivityError.ALREADY_DONE, _("This follow-up is already done."))
        activity.due_at = due_at
        timeline.record(
            actor=actor,
            target=target,
            kind=Kind.SYSTEM,
            subject=f"Rescheduled: {activity.subject}",
            payload={"followup": activity.pk, "due_at": [old.isoformat(), due_at.isoformat()]},
        )
        refresh_next_followup(target)
    return activity


def _aware(value: datetime) -> datetime:
    """A time written without a zone is read in the current (workspace or server) zone."""
    return timezone.make_aware(value) if timezone.is_naive(value) else value
