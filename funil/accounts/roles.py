"""Roles and the scope each one has per entity and action: none, own, team or all.

Data, not code, so custom roles can later be stored as rows with the same shape.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Admin")
    MANAGER = "manager", _("Manager")
    SALESPERSON = "salesperson", _("Salesperson")
    MARKETING = "marketing", _("Marketing")
    READ_ONLY = "readonly", _("Read-only")


class Scope(models.TextChoices):
    NONE = "none", _("None")
    OWN = "own", _("Own")
    TEAM = "team", _("Team")
    ALL = "all", _("All")


ENTITIES = ("lead", "deal", "contact", "company", "activity", "product", "report", "settings")
ACTIONS = ("read", "create", "update", "delete", "export", "import", "assign")

_N, _O, _T, _A = Scope.NONE, Scope.OWN, Scope.TEAM, Scope.ALL


def _row(read: Scope, write: Scope, *, delete: Scope = _N, export: Scope = _N, imp: Scope = _N, assign: Scope = _N):
    return {
        "read": read,
        "create": write,
        "update": write,
        "delete": delete,
        "export": export,
        "import": imp,
        "assign": assign,
    }


_RECORDS = ("lead", "deal", "contact", "company", "activity")

DEFAULT_MATRIX: dict[str, dict[str, dict[str, Scope]]] = {
    Role.ADMIN: {e: _row(_A, _A, delete=_A, export=_A, imp=_A, assign=_A) for e in ENTITIES},
    Role.MANAGER: {
        **{e: _row(_T, _T, delete=_T, export=_T, imp=_T, assign=_T) for e in _RECORDS},
        "product": _row(_A, _A, delete=_A),
        "report": _row(_T, _N, export=_T),
        "settings": _row(_A, _N),
    },
    Role.SALESPERSON: {
        **{e: _row(_O, _O, export=_O) for e in _RECORDS},
        "product": _row(_A, _N),
        "report": _row(_O, _N),
        "settings": _row(_N, _N),
    },
    Role.MARKETING: {
        **{e: _row(_A, _A, export=_A, imp=_A) for e in _RECORDS},
        "product": _row(_A, _N),
        "report": _row(_A, _N, export=_A),
        "settings": _row(_N, _N),
    },
    # Read-only members see every record, but not the workspace's settings (who is a member, which rules apply).
    Role.READ_ONLY: {**{e: _row(_A, _N) for e in ENTITIES}, "settings": _row(_N, _N)},
}


def scope_for(role: str, entity: str, action: str) -> Scope:
    if entity not in ENTITIES or action not in ACTIONS:
        raise ValueError(f"Unknown permission {entity}.{action}")
    return DEFAULT_MATRIX.get(role, {}).get(entity, {}).get(action, Scope.NONE)
