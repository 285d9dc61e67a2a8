"""The one place that turns a role's none/own/team/all into query filters and permission checks.

Every door (web, API, CLI, tasks) loads records through `scoped()` / `load()`; every service checks its
action with `require()`. A record outside the actor's workspace or scope is reported as not found, so
another workspace learns nothing, not even that the record exists.
"""

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from funil.core.errors import Forbidden, NotFound

from .models import Membership, User, Workspace
from .roles import Role, Scope, scope_for


@dataclass(frozen=True)
class Actor:
    """Who acts, and where: a member of a workspace, or the system (a rule, job or import) on its behalf."""

    workspace: Workspace
    user: User | None = None
    membership: Membership | None = None
    system_label: str = ""

    @classmethod
    def system(cls, workspace: Workspace, label: str) -> "Actor":
        return cls(workspace=workspace, system_label=label or "system")

    @property
    def is_system(self) -> bool:
        return self.user is None

    @property
    def role(self) -> str:
        return self.membership.role if self.membership else Role.ADMIN

    @property
    def team_id(self) -> int | None:
        return self.membership.team_id if self.membership else None

    @cached_property
    def team_member_ids(self) -> list[int]:
        if self.team_id is None:
            return [self.user.pk] if self.user else []
        return list(
            Membership.objects.filter(workspace=self.workspace, team_id=self.team_id).values_list("user_id", flat=True)
        )

    @property
    def label(self) -> str:
        return str(self.user) if self.user else self.system_label

    def scope(self, entity: str, action: str) -> Scope:
        if self.is_system:
            return Scope.ALL
        return scope_for(self.role, entity, action)


def actor_for(user: User, workspace: Workspace | int) -> Actor:
    """The acting member, or NotFound when the user has no active membership in that workspace."""
    workspace_id = workspace.pk if isinstance(workspace, Workspace) else workspace
    membership = (
        Membership.objects.select_related("workspace")
        .filter(user=user, workspace_id=workspace_id, is_active=True, user__is_active=True)
        .first()
    )
    if membership is None:
        raise NotFound(_("Workspace not found."))
    return Actor(workspace=membership.workspace, user=user, membership=membership)


def _fields(model: type[models.Model], attr: str) -> tuple[str, ...]:
    return tuple(getattr(model, attr, ()))


def _scope_q(model: type[models.Model], actor: Actor, scope: Scope) -> Q:
    """Ownership filter of a model, from its ACCESS_OWNER_FIELDS / ACCESS_TEAM_FIELDS declarations."""
    if scope == Scope.ALL:
        return Q()
    if scope == Scope.NONE or actor.user is None:
        return Q(pk__in=[])
    owner_fields = _fields(model, "ACCESS_OWNER_FIELDS")
    q = Q(pk__in=[])
    for path in owner_fields:
        q |= Q(**{path: actor.user.pk})
    if scope == Scope.TEAM:
        for path in owner_fields:
            q |= Q(**{f"{path}__in": actor.team_member_ids})
        if actor.team_id is not None:
            for path in _fields(model, "ACCESS_TEAM_FIELDS"):
                q |= Q(**{path: actor.team_id})
    return q


def entity_of(model: type[models.Model]) -> str:
    entity = getattr(model, "ACCESS_ENTITY", None)
    if entity is None:
        raise TypeError(f"{model.__name__} declares no ACCESS_ENTITY")
    return str(entity)


def scoped[M: models.Model](actor: Actor, source: type[M] | QuerySet[M], action: str = "read") -> QuerySet[M]:
    """The records of `source` the actor may act on: its workspace, narrowed by the role's scope."""
    qs: QuerySet[M] = source if isinstance(source, QuerySet) else source._default_manager.all()
    model = qs.model
    qs = qs.filter(workspace=actor.workspace)
    return qs.filter(_scope_q(model, actor, actor.scope(entity_of(model), action)))


def owned[M: models.Model](actor: Actor, source: type[M] | QuerySet[M], via: str) -> QuerySet[M]:
    """Records whose owner field `via` is the actor: "my leads", "follow-ups assigned to me".

    Owning a record puts it inside every scope but none, so this needs no joins to decide visibility.
    """
    qs: QuerySet[M] = source if isinstance(source, QuerySet) else source._default_manager.all()
    if via not in _fields(qs.model, "ACCESS_OWNER_FIELDS") or "__" in via:
        raise ValueError(f"{via!r} is not a direct owner field of {qs.model.__name__}")
    if actor.user is None or actor.scope(entity_of(qs.model), "read") == Scope.NONE:
        return qs.none()
    return qs.filter(workspace=actor.workspace, **{via: actor.user.pk})


def load[M: models.Model](actor: Actor, source: type[M] | QuerySet[M], pk: object, action: str = "read") -> M:
    """One record in the actor's scope. A merged record (a model declaring ACCESS_FORWARD) resolves to the record
    it was merged into, so old links and API ids keep working; the caller sees the survivor's pk."""
    try:
        return scoped(actor, source, action).get(pk=pk)
    except (ValueError, TypeError, models.ObjectDoesNotExist):
        forwarded = _forwarded(actor, source, pk)
        if forwarded is None:
            raise NotFound() from None
    try:
        return scoped(actor, source, action).get(pk=forwarded)
    except models.ObjectDoesNotExist:
        raise NotFound() from None


_MAX_HOPS = 20  # a lead merged into one later merged again: follow the chain, never loop


def _forwarded(actor: Actor, source: type[models.Model] | QuerySet[Any], pk: object) -> object | None:
    model = source.model if isinstance(source, QuerySet) else source
    field = getattr(model, "ACCESS_FORWARD", None)
    if field is None:
        return None
    rows = model._base_manager.filter(workspace=actor.workspace)
    target: object | None = None
    for _hop in range(_MAX_HOPS):
        try:
            nxt = rows.filter(pk=pk).values_list(f"{field}_id", flat=True).first()
        except (ValueError, TypeError):
            return None
        if nxt is None:
            return target
        target = pk = nxt
    return None


def in_scope(actor: Actor, obj: models.Model, action: str) -> bool:
    if getattr(obj, "workspace_id", None) != actor.workspace.pk:
        return False
    scope = actor.scope(entity_of(type(obj)), action)
    if scope in (Scope.ALL, Scope.NONE):
        return scope == Scope.ALL
    assert actor.user is not None
    owners = {_value(obj, path) for path in _fields(type(obj), "ACCESS_OWNER_FIELDS")}
    if actor.user.pk in owners:
        return True
    if scope == Scope.TEAM:
        teams = {_value(obj, path) for path in _fields(type(obj), "ACCESS_TEAM_FIELDS")}
        return bool(owners & set(actor.team_member_ids)) or (actor.team_id is not None and actor.team_id in teams)
    return False


def _value(obj: models.Model, path: str) -> Any:
    """Follow a `a__b` path on an instance, reading the final foreign key's id without loading it."""
    *hops, last = path.split("__")
    for hop in hops:
        obj = getattr(obj, hop, None)  # type: ignore[assignment]
        if obj is None:
            return None
    return getattr(obj, f"{last}_id", getattr(obj, last, None))


def require(actor: Actor, entity: str, action: str, obj: models.Model | None = None) -> None:
    """Raise Forbidden unless the actor's role allows `action` on `entity` (and on `obj`, when given)."""
    if obj is not None and getattr(obj, "workspace_id", None) != actor.workspace.pk:
        raise Forbidden()  # not even the system acts across workspaces
    if actor.is_system:
        return
    if actor.scope(entity, action) == Scope.NONE:
        raise Forbidden()
    if obj is not None and not in_scope(actor, obj, action):
        raise Forbidden()


def require_owner_choice(actor: Actor, entity: str, owner_id: int | None) -> None:
    """Creating a record for someone else is an assignment, and needs the right to assign."""
    if actor.user is not None and owner_id is not None and owner_id != actor.user.pk:
        require(actor, entity, "assign")


def can(actor: Actor, entity: str, action: str, obj: models.Model | None = None) -> bool:
    try:
        require(actor, entity, action, obj)
    except Forbidden:
        return False
    return True
