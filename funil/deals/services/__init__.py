"""Every write to a deal."""

from .create_update import deal_create, deal_update
from .move import deal_assign, deal_mark_lost, deal_mark_won, deal_move

__all__ = ["deal_assign", "deal_create", "deal_mark_lost", "deal_mark_won", "deal_move", "deal_update"]
