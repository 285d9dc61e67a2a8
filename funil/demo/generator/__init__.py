"""Deterministic synthetic CRM data: the same seed and size always give the same rows.

Used by `funil demo` (a realistic workspace to try Funil) and by the benchmarks (a million leads).
The work is cut into chunks of leads; chunk k depends only on (seed, k), so chunks can be generated in
parallel processes and still give the same data. Each chunk yields its rows for every table as tuples in
the column order of `COLUMNS`; ids of referenced records are computed from the lead's index, not looked up.
"""

from datetime import timedelta
from typing import Any

from .chunk import Chunk
from .columns import COLUMNS
from .context import DemoContext, IdBlocks, StageRef
from .people import Company, activities_for, ascii_slug, company_name_of
from .settings import CHUNK, COMPANIES_PER_LEAD, DEAL_STAGES, LEAD_STAGES

__all__ = [
    "CHUNK",
    "COLUMNS",
    "Company",
    "DemoContext",
    "Generator",
    "IdBlocks",
    "StageRef",
    "activities_for",
    "ascii_slug",
    "company_name_of",
]


class Generator:
    def __init__(self, ctx: DemoContext, *, leads: int, seed: int = 42) -> None:
        self.ctx = ctx
        self.n_leads = leads
        self.n_companies = max(1, leads // COMPANIES_PER_LEAD)
        self.seed = seed
        self.chunks = (leads + CHUNK - 1) // CHUNK
        self._lead_names = [n for n, _ in LEAD_STAGES]
        self._lead_cum = _cumulative(w for _, w in LEAD_STAGES)
        self._deal_names = [n for n, _ in DEAL_STAGES]
        self._deal_cum = _cumulative(w for _, w in DEAL_STAGES)
        self._start = ctx.now - timedelta(days=365)

    def chunk(self, k: int, ids: IdBlocks) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of chunk k, per table."""
        return Chunk(self, k, ids).run()


def _cumulative(weights: Any) -> list[float]:
    total, out = 0.0, []
    ws = list(weights)
    for w in ws:
        total += w
        out.append(total / sum(ws))
    return out
