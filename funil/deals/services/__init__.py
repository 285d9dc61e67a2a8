"""Every write to a deal."""

from .create_update import deal_create, deal_update
from .delete import deal_delete, deal_delete_plan
from .lines import deal_set_lines
from .move import deal_assign, deal_mark_lost, deal_mark_won, deal_move

__all__ = [
    "deal_assign",
    "deal_create",
    "deal_delete",
    "deal_delete_plan",
    "deal_mark_lost",
    "deal_mark_won",
    "deal_move",
    "deal_set_lines",
    "deal_update",
]
