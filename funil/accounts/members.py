"""Facts about members that several domain services need."""

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from funil.core.errors import ValidationFailed

from .models import Membership, Workspace

if TYPE_CHECKING:
    from .access import Actor

OWNER_NOT_MEMBER = "owner_not_member"


def team_of_member(workspace: Workspace, user_id: int, *, field: str = "owner") -> int | None:
    """The member's team, which team scopes follow; refuses a user who is not an active member."""
    try:
        user_id = int(user_id)
    except (TypeError, ValueError):
        raise ValidationFailed.single(
            field, OWNER_NOT_MEMBER, _("The owner must be a member of this workspace.")
        ) from None
    row = Membership.objects.filter(workspace=workspace, user_id=user_id, is_active=True).values("team_id").first()
    if row is None:
        raise ValidationFailed.single(field, OWNER_NOT_MEMBER, _("The owner must be a member of this workspace."))
    return row["team_id"]


def new_record_owner(actor: "Actor", entity: str, owner_id: int | None) -> tuple[int | None, int | None]:
    """(owner, team) of a record being created: its creator unless someone else is named, which needs the
    right to assign; a system actor's records start unassigned."""
    from .access import require_owner_choice

    require_owner_choice(actor, entity, owner_id)
    if owner_id is None and actor.user is not None:
        owner_id = actor.user.pk
    return owner_id, team_of_member(actor.workspace, owner_id) if owner_id else None
