"""Board totals per stage from `leads_stage_totals`, which a PostgreSQL trigger keeps (migrations 0004 and 0005:
live leads only, so a merged lead leaves the totals and its undo brings it back).

Only the unfiltered board of the default scope uses it; any filter, and SQLite, count live.
"""

from decimal import Decimal
from typing import Any

from django.db import connection

from funil.accounts.access import Actor
from funil.accounts.roles import Scope


def available() -> bool:
    return connection.vendor == "postgresql"


def stage_totals(actor: Actor, stage_ids: list[int]) -> dict[int, tuple[int, Decimal]]:
    """{stage id: (count, expected value)} for the leads the actor may read."""
    scope = actor.scope("lead", "read")
    where: list[str] = ["workspace_id = %s", "stage_id = ANY(%s)"]
    params: list[Any] = [actor.workspace.pk, stage_ids]
    if scope == Scope.NONE or (scope != Scope.ALL and actor.user is None):
        return {}
    if scope == Scope.OWN:
        where.append("owner_id = %s")
        params.append(actor.user.pk)  # type: ignore[union-attr]
    elif scope == Scope.TEAM:
        where.append("(owner_id = ANY(%s) OR team_id = %s)")
        params += [actor.team_member_ids or [actor.user.pk], actor.team_id or -1]  # type: ignore[union-attr]
    sql = f"SELECT stage_id, SUM(n), SUM(value) FROM leads_stage_totals WHERE {' AND '.join(where)} GROUP BY stage_id"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {stage: (int(n), value or Decimal(0)) for stage, n, value in cursor.fetchall()}


def workspace_counts(workspace_id: int, stage_ids: list[int]) -> dict[int, int]:
    """{stage id: live leads in it} across the whole workspace (for settings, not for a member's board)."""
    sql = "SELECT stage_id, SUM(n) FROM leads_stage_totals WHERE workspace_id = %s AND stage_id = ANY(%s) GROUP BY 1"
    with connection.cursor() as cursor:
        cursor.execute(sql, [workspace_id, stage_ids])
        return {stage: int(n) for stage, n in cursor.fetchall()}


def rebuild(workspace_id: int) -> None:
    """Recount a workspace from its leads (after a bulk load that ran with the trigger off)."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM leads_stage_totals WHERE workspace_id = %s", [workspace_id])
        cursor.execute(
            "INSERT INTO leads_stage_totals (workspace_id, stage_id, owner_id, team_id, n, value) "
            "SELECT workspace_id, stage_id, COALESCE(owner_id, 0), COALESCE(team_id, 0), count(*), "
            "COALESCE(sum(expected_value), 0) FROM leads_lead WHERE workspace_id = %s AND merged_into_id IS NULL "
            "GROUP BY 1, 2, 3, 4",
            [workspace_id],
        )
