"""`GET /api/v1/{leads,deals,contacts,companies}/export`: the record lists as CSV or XLSX files.

`format` is csv (the default) or xlsx; the other query parameters are the lists' own filters (the same names and
values as the pages' URLs), and `owner` may also be a member's user id. Only the records the key's member may
export are written; each export is in the workspace's audit log. 200 with the file as an attachment, streamed;
400 for an unknown format, 422 for an unreadable filter (never an export of everything instead), 403 for a role
that exports nothing, 401 without a valid key or session.
"""

from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict, StreamingHttpResponse
from django.utils.translation import gettext as _
from ninja import Router

from funil.accounts.access import Actor, require
from funil.core.errors import FieldError, ValidationFailed
from funil.core.listing import read_choice, read_int
from funil.exports.lists import LISTS
from funil.exports.responses import attachment
from funil.exports.service import ExportError, export_format, export_records
from funil.leads.models import LeadStatus

from .auth import actor_of

router = Router(tags=["export"])

_INT, _TEXT, _DATE = {"type": "integer"}, {"type": "string"}, {"type": "string", "format": "date"}
_COMMON = {
    "format": ({"type": "string", "enum": ["csv", "xlsx"], "default": "csv"}, "File format."),
    "q": (_TEXT, "Text search: name, company, email or phone, as in the list's search box."),
    "owner": (_TEXT, "me, team, any (the default), unassigned, or a member's user id."),
}
_PARAMETERS: dict[str, dict[str, tuple[dict[str, Any], str]]] = {
    "lead": {
        "stage": (_INT, "Stage id."),
        "pipeline": (_INT, "Pipeline id."),
        "status": ({"type": "string", "enum": LeadStatus.values}, "Lead status."),
        "source": (_INT, "Source id."),
        "campaign": (_INT, "Campaign id."),
        "product": (_INT, "Product of interest id."),
        "score_min": (_INT, "Lowest score."),
        "score_max": (_INT, "Highest score."),
        "created_from": (_DATE, "Created on or after (YYYY-MM-DD)."),
        "created_to": (_DATE, "Created on or before (YYYY-MM-DD)."),
        "overdue": ({"type": "boolean"}, "Only leads whose next follow-up is past."),
    },
    "deal": {
        "pipeline": (_INT, "Pipeline id."),
        "stage": (_INT, "Stage id."),
        "status": ({"type": "string", "enum": ["open", "won", "lost"]}, "Deal status."),
        "source": (_INT, "Source id."),
        "campaign": (_INT, "Campaign id."),
        "product": (_INT, "Product id on one of the deal's lines."),
        "amount_min": ({"type": "number"}, "Lowest amount."),
        "amount_max": ({"type": "number"}, "Highest amount."),
        "close_from": (_DATE, "Expected to close on or after (YYYY-MM-DD)."),
        "close_to": (_DATE, "Expected to close on or before (YYYY-MM-DD)."),
    },
    "contact": {
        "company": (_INT, "Company id."),
        "lifecycle": ({"type": "string", "enum": ["lead", "customer", "inactive"]}, "Lifecycle."),
        "country": (_TEXT, "Two-letter country code."),
        "created_from": (_DATE, "Created on or after (YYYY-MM-DD)."),
        "created_to": (_DATE, "Created on or before (YYYY-MM-DD)."),
    },
    "company": {
        "industry": (_TEXT, "Industry, as written on the companies."),
        "country": (_TEXT, "Two-letter country code."),
        "size_min": (_INT, "Fewest employees."),
        "size_max": (_INT, "Most employees."),
    },
}


def _openapi(kind: str) -> dict[str, Any]:
    params = {**_COMMON, **_PARAMETERS[kind]}
    return {
        "parameters": [
            {"in": "query", "name": name, "required": False, "schema": schema, "description": text}
            for name, (schema, text) in params.items()
        ],
        "responses": {
            200: {
                "description": "The file, as an attachment.",
                "content": {"text/csv": {}, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}},
            }
        },
    }


def _owner_id(params: QueryDict, errors: dict[str, str]) -> int | None:
    """`owner` as a member's user id; the list's choices (me, team, ...) are left to the list's filter."""
    raw = params.get("owner", "").strip()
    if not raw.isdigit():
        return None
    if len(raw) > 18:
        errors["owner"] = _("out of range")
        return None
    return int(raw)


def _lead_extras(params: QueryDict, errors: dict[str, str]) -> dict[str, Any]:
    """Filters the lead list leaves to its board (stage, pipeline) or its card (status)."""
    found: dict[str, Any] = {f"{name}_id": read_int(params, name, errors) for name in ("stage", "pipeline")}
    found["status"] = read_choice(params, "status", ("", *LeadStatus.values), errors, "") or None
    return found


def filtered(actor: Actor, kind: str, params: QueryDict) -> tuple[QuerySet[Any], str]:
    """The list's rows for these query parameters, and the filter as a query string; ValidationFailed naming every
    unreadable parameter."""
    listed = LISTS[kind]
    errors: dict[str, str] = {}
    owner_id = _owner_id(params, errors)
    if owner_id is not None or "owner" in errors:
        params = params.copy()
        params["owner"] = "any"
    f = listed.read(params)
    extras = _lead_extras(params, errors) if kind == "lead" else {}
    if owner_id is not None:
        extras["owner_id"] = owner_id
    errors.update(f.errors)  # type: ignore[attr-defined]
    if errors:
        raise ValidationFailed(
            [FieldError(name, ExportError.FILTER_INVALID, text) for name, text in sorted(errors.items())]
        )
    extras = {name: value for name, value in extras.items() if value is not None}
    query = "&".join(part for part in (f.as_query(), urlencode(extras)) if part)
    return listed.rows(actor, f).filter(**extras), query


def _export(request: HttpRequest, kind: str) -> StreamingHttpResponse:
    actor = actor_of(request)
    require(actor, kind, "export")  # refused before its filters are read: a 403, whatever else is wrong
    fmt = export_format(request.GET.get("format", "csv"))
    qs, query = filtered(actor, kind, request.GET)
    filename, content_type, chunks = export_records(actor, kind, qs, fmt, query=query)
    return attachment(filename, content_type, chunks)


@router.get("/leads/export", summary="Export leads (CSV or XLSX)", openapi_extra=_openapi("lead"))
def leads_export(request: HttpRequest) -> StreamingHttpResponse:
    return _export(request, "lead")


@router.get("/deals/export", summary="Export deals (CSV or XLSX)", openapi_extra=_openapi("deal"))
def deals_export(request: HttpRequest) -> StreamingHttpResponse:
    return _export(request, "deal")


@router.get("/contacts/export", summary="Export contacts (CSV or XLSX)", openapi_extra=_openapi("contact"))
def contacts_export(request: HttpRequest) -> StreamingHttpResponse:
    return _export(request, "contact")


@router.get("/companies/export", summary="Export companies (CSV or XLSX)", openapi_extra=_openapi("company"))
def companies_export(request: HttpRequest) -> StreamingHttpResponse:
    return _export(request, "company")
