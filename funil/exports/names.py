"""The names an export writes for foreign keys, read once per export: a workspace has few stages, pipelines,
sources, campaigns, reasons, teams, members and products, so one query each beats a join on every row.

Default names (a stage called "New", a source called "Website") are written in the reader's language, as the pages
show them; every name is already formula-safe, so rows can use it as is.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext

from funil.accounts.models import Team, User
from funil.catalog.models import Campaign, Product, Source
from funil.pipelines.defaults import DEFAULT_LABELS
from funil.pipelines.models import CloseReason, Pipeline, Stage

from .safety import formula_safe, xml_safe


def shown(name: str) -> str:
    """A name as a cell shows it: a default one translated, then made safe for both formats."""
    return xml_safe(formula_safe(gettext(name) if name in DEFAULT_LABELS else name))


class Names(dict[Any, str | None]):
    """{id: name}; None for no id. An id the workspace query missed (a user who left every workspace) is read on
    first use when `fetch` is given; otherwise it is not the workspace's and has no name here."""

    def __init__(self, rows: Iterable[tuple[Any, str]], fetch: Callable[[Any], str | None] | None = None) -> None:
        super().__init__((pk, shown(name)) for pk, name in rows)
        self[None] = None
        self._fetch = fetch

    def __missing__(self, key: Any) -> str | None:
        name = self._fetch(key) if self._fetch else None
        self[key] = shown(name) if name is not None else None
        return self[key]


def _names(model: type[models.Model], field: str, workspace_id: int) -> Names:
    return Names(model._default_manager.filter(workspace_id=workspace_id).values_list("pk", field))


@dataclass(frozen=True)
class WorkspaceNames:
    stages: Names
    pipelines: Names
    sources: Names
    campaigns: Names
    reasons: Names
    teams: Names
    users: Names  # by email: what imports match an owner by
    products: Names


def workspace_names(workspace_id: int) -> WorkspaceNames:
    def user_email(pk: Any) -> str | None:
        return User.objects.filter(pk=pk).values_list("email", flat=True).first()

    members = User.objects.filter(memberships__workspace_id=workspace_id).values_list("pk", "email")
    return WorkspaceNames(
        stages=_names(Stage, "name", workspace_id),
        pipelines=_names(Pipeline, "name", workspace_id),
        sources=_names(Source, "name", workspace_id),
        campaigns=_names(Campaign, "name", workspace_id),
        reasons=_names(CloseReason, "name", workspace_id),
        teams=_names(Team, "name", workspace_id),
        users=Names(members.distinct(), user_email),
        products=_names(Product, "name", workspace_id),
    )
