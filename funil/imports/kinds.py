"""What differs between importing leads, contacts, companies and deals: how a row is read, how a batch is
written, what identifies a duplicate and how an import of that kind is rolled back. The job engine, the reading
processes, the pages and `funil import` work through this registry and know no kind themselves."""

from collections.abc import Callable
from typing import Any, Protocol

from funil.accounts.access import Actor

from .lead_rows import LeadRow, RowContext
from .models import ImportJob
from .reading import Row

Writer = Callable[[list[LeadRow]], Any]  # a batch of read rows -> lead_batch.BatchResult


class KindHandler(Protocol):
    entity: str  # the access entity: lead, contact, company, deal
    pipeline_kind: str | None  # whose stages the file's stage names are matched against
    identity_targets: tuple[str, ...]  # a mapping needs at least one of these

    def read_batch(self, ctx: RowContext, chunk: list[Row]) -> list[LeadRow]: ...

    def writer(self, actor: Actor, job: ImportJob, ctx: RowContext) -> Writer: ...

    def existing(self, workspace_id: int, rows: list[LeadRow]) -> dict[str, int]: ...

    def rollback(self, actor: Actor, record_ids: list[int]) -> tuple[int, list[int]]: ...


_HANDLERS: dict[str, KindHandler] = {}


def register(kind: str, handler: KindHandler) -> None:
    _HANDLERS[kind] = handler


def handler(kind: str) -> KindHandler:
    _load()
    return _HANDLERS[kind]


def supported() -> list[str]:
    _load()
    return list(_HANDLERS)


def _load() -> None:
    """The handlers register themselves on import (kept out of module load: a reading process imports this
    module before Django is set up). Imported on every call, which costs nothing once they are loaded: a kind's
    module imported on its own first does not keep the others out."""
    from . import company_kind, contact_kind, deal_kind, lead_kind  # noqa: F401
