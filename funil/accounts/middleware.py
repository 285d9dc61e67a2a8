"""Resolves the workspace the signed-in user is working in, from the session."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from funil.core.errors import NotFound

from .access import actor_for
from .models import Membership

SESSION_KEY = "funil_workspace_id"


class CurrentWorkspaceMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.actor = None  # type: ignore[attr-defined]
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            workspace_id = request.session.get(SESSION_KEY) or _first_workspace_id(user.pk)
            if workspace_id:
                try:
                    request.actor = actor_for(user, workspace_id)  # type: ignore[attr-defined]
                except NotFound:
                    request.session.pop(SESSION_KEY, None)
        return self.get_response(request)


def _first_workspace_id(user_id: int) -> int | None:
    return (
        Membership.objects.filter(user_id=user_id, is_active=True)
        .order_by("created_at")
        .values_list("workspace_id", flat=True)
        .first()
    )
