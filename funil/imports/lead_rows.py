"""One data row of a lead file as a lead's values, read by the same reader as every other door
(`read_lead_input`), or the reasons it cannot be one, each naming its column."""

from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from funil.accounts.models import Workspace
from funil.core.errors import ValidationFailed
from funil.intake.normalize import country_code
from funil.leads.services.fields import IDENTITY_FIELDS, read_lead_input

from .lookups import Lookups, fold
from .reading import Row
from .values import DateOrder, Unreadable, parse_amount, parse_bool, parse_date, split_full_name

REFERENCE_TARGETS = ("stage", "source", "campaign", "owner")
AMOUNT_TARGETS = ("budget", "expected_value")
# Targets kept on the import's timeline entry rather than on the lead.
ENTRY_TARGETS = ("notes", "external_id", "status")
MAX_CELL = 10_000


class ImportRowError:
    UNKNOWN_VALUE = "unknown_value"
    CLOSED_STAGE = "stage_closed"
    EMPTY = "empty_row"
    TOO_LONG = "too_long"


@dataclass
class LeadRow:
    row: int
    cells: list[str]
    values: dict[str, Any] = field(default_factory=dict)  # lead model fields, normalised, with *_id references
    entry: dict[str, str] = field(default_factory=dict)  # notes and the old system's id, for the timeline
    created_at: datetime | None = None
    errors: list[dict[str, str]] = field(default_factory=list)  # {"column", "code", "message"}
    identity: list[str] | None = None  # a kind's own duplicate keys (a company's domain...), else a person's

    @property
    def keys(self) -> list[str]:
        """What identifies the person: their email and phones (the same keys intake matches on)."""
        if self.identity is not None:
            return self.identity
        found = []
        if email := self.values.get("email_normalized"):
            found.append(f"e:{email}")
        for name in ("phone_e164", "mobile_e164"):
            if phone := self.values.get(name):
                found.append(f"p:{phone}")
        return found


@dataclass(frozen=True)
class RowContext:
    workspace: Workspace
    headers: list[str]
    mapping: list[str]
    lookups: Lookups
    date_order: DateOrder
    value_map: dict[str, dict[str, str]] = field(default_factory=dict)  # target -> folded text -> choice
    kind: str = "leads"
    actor: Any = None  # the importing member (readers that check scope need them)


def read_lead_row(ctx: RowContext, number: int, cells: list[str]) -> LeadRow:
    result = LeadRow(number, cells)
    column_of: dict[str, str] = {}
    data: dict[str, Any] = {}
    custom: dict[str, Any] = {}
    for index, target in enumerate(ctx.mapping):
        text = cells[index].strip() if index < len(cells) else ""
        if not target or not text:
            continue
        header = ctx.headers[index] if index < len(ctx.headers) else str(index + 1)
        column_of[target.removeprefix("custom:")] = header
        if len(text) > MAX_CELL:
            _fail(result, header, ImportRowError.TOO_LONG, _("At most %(count)d characters.") % {"count": MAX_CELL})
        elif target.startswith("custom:"):
            custom[target.removeprefix("custom:")] = text
        else:
            _read_cell(ctx, result, target, header, text, data)
    _split_name(data)
    if custom:
        data["custom_fields"] = custom
    if not result.errors and not any(data.get(name) for name in IDENTITY_FIELDS):
        message = _("Give at least a name, a company, an email or a phone.")
        _fail(result, "", ImportRowError.EMPTY, message)
    if result.errors:
        return result
    try:
        result.values.update(read_lead_input(ctx.workspace, data))
    except ValidationFailed as exc:
        for error in exc.errors:
            key = error.field.split(".")[-1] if error.field.startswith("custom_fields") else error.field
            _fail(result, column_of.get(key, column_of.get(error.field, "")), error.code, error.message)
    return result


def _read_cell(ctx: RowContext, result: LeadRow, target: str, header: str, text: str, data: dict[str, Any]) -> None:
    try:
        if target in REFERENCE_TARGETS:
            _reference(ctx, result, target, header, text)
        elif target in AMOUNT_TARGETS:
            data[target] = str(parse_amount(text))
        elif target == "marketing_consent":
            data[target] = parse_bool(text)
        elif target == "created_at":
            result.created_at = _moment(parse_date(text, ctx.date_order))
        elif target in ENTRY_TARGETS:
            result.entry[target] = text
        elif target == "country":
            data[target] = country_code(text) or text  # "Brasil", "España" -> BR, ES; else the reader says why
        else:
            data[target] = text
    except Unreadable as exc:
        _fail(result, header, str(exc.code), exc.message)


def _reference(ctx: RowContext, result: LeadRow, target: str, header: str, text: str) -> None:
    found = ctx.lookups.get(target, text)
    if found is None:
        choice = ctx.value_map.get(target, {}).get(fold(text))
        if choice is None:
            message = _("%(value)s is not a %(what)s in this workspace.") % {"value": text, "what": _what(target)}
            _fail(result, header, ImportRowError.UNKNOWN_VALUE, message)
            return
        result.entry[f"{target}_as_written"] = text  # kept on the timeline entry, whatever it became
        if not choice.isdigit():
            return  # left empty: the default applies (or, in a dry run, a source still to be created)
        found = int(choice)
    if target == "stage" and found not in ctx.lookups.open_stages:
        _fail(result, header, ImportRowError.CLOSED_STAGE, _("A new lead starts in an open stage."))
    else:
        result.values[f"{target}_id"] = found


def _what(target: str) -> str:
    return {"stage": _("stage"), "source": _("source"), "campaign": _("campaign"), "owner": _("member")}[target]


def _split_name(data: dict[str, Any]) -> None:
    full = data.pop("full_name", "")
    if full and not data.get("first_name") and not data.get("last_name"):
        data["first_name"], data["last_name"] = split_full_name(full)


def _moment(value: Any) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.combine(value, time(12))
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _fail(result: LeadRow, column: str, code: str, message: str) -> None:
    result.errors.append({"column": column, "code": str(code), "message": str(message)})


def read_batch(ctx: RowContext, chunk: list[Row]) -> list[LeadRow]:
    prepared = []
    for row in chunk:
        lead_row = read_lead_row(ctx, row.number, row.cells)
        if row.broken:
            message = _("This row is cut short (a quote is never closed).")
            lead_row.errors.insert(0, {"column": "", "code": "row_broken", "message": message})
        prepared.append(lead_row)
    return prepared
