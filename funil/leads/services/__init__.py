"""Every write to a lead. Doors (web, API, admin, CLI, import, tasks) call these and nothing else."""

from .convert import Conversion, lead_convert, lead_convert_undo
from .create_update import lead_create, lead_update
from .delete import lead_delete, lead_delete_plan
from .move import lead_assign, lead_mark_junk, lead_move

__all__ = [
    "Conversion",
    "lead_assign",
    "lead_convert",
    "lead_convert_undo",
    "lead_create",
    "lead_delete",
    "lead_delete_plan",
    "lead_mark_junk",
    "lead_move",
    "lead_update",
]
