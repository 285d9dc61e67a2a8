"""Facts about members that several domain services need."""

from funil.core.errors import ValidationFailed

from .models import Membership, Workspace

OWNER_NOT_MEMBER = "owner_not_member"


def team_of_member(workspace: Workspace, user_id: int, *, field: str = "owner") -> int | None:
    """The member's team, which team scopes follow; refuses a user who is not an active member."""
    try:
        user_id = int(user_id)
    except (TypeError, ValueError):
        raise ValidationFailed.single(
            field, OWNER_NOT_MEMBER, "The owner must be a member of this workspace."
        ) from None
    row = Membership.objects.filter(workspace=workspace, user_id=user_id, is_active=True).values("team_id").first()
    if row is None:
        raise ValidationFailed.single(field, OWNER_NOT_MEMBER, "The owner must be a member of this workspace.")
    return row["team_id"]
