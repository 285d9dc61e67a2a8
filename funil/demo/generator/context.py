"""What the generator is told about the workspace it fills, and the id blocks reserved for it."""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal


@dataclass
class StageRef:
    id: int
    name: str
    meaning: str
    probability: int


@dataclass
class DemoContext:
    workspace_id: int
    currency: str
    now: datetime
    owners: list[tuple[int, int | None]]  # (user id, team id) of the members who own records
    lead_pipeline_id: int
    deal_pipeline_id: int
    lead_stages: dict[str, StageRef]
    deal_stages: dict[str, StageRef]
    sources: list[tuple[int, str]]  # (id, kind)
    campaigns: list[int]
    products: list[tuple[int, Decimal]]
    junk_reasons: list[int]
    lost_reasons: list[int]
    segments: list[str] = field(default_factory=lambda: ["SMB", "Mid-market", "Enterprise", "Public sector"])


@dataclass(frozen=True)
class IdBlocks:
    """First ids of the blocks reserved for each table; a record's id is its block start plus its index."""

    company: int
    contact: int
    lead: int
    deal: int
