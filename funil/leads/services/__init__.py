"""Every write to a lead. Doors (web, API, admin, CLI, import, tasks) call these and nothing else."""

from .create_update import lead_create, lead_update
from .move import lead_assign, lead_mark_junk, lead_move

__all__ = ["lead_assign", "lead_create", "lead_mark_junk", "lead_move", "lead_update"]
