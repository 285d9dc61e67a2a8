"""API authentication, in one place: a workspace API key (`Authorization: Bearer <key>`) or the browser session.

A key authenticates as the Actor it acts as (`request.auth`); a session as its user, whose Actor the workspace
middleware has already resolved (`request.actor`). `actor_of(request)` gives either.
"""

from django.http import HttpRequest
from ninja.security import HttpBearer, django_auth

from funil.accounts.access import Actor
from funil.accounts.api_keys import api_key_actor
from funil.core.errors import Forbidden


class ApiKeyAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Actor | None:
        return api_key_actor(token)


def actor_of(request: HttpRequest) -> Actor:
    auth = getattr(request, "auth", None)
    actor = auth if isinstance(auth, Actor) else getattr(request, "actor", None)
    if not isinstance(actor, Actor):
        raise Forbidden()  # signed in, but a member of no workspace
    return actor


AUTH = [ApiKeyAuth(), django_auth]
