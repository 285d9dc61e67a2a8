"""Exporting a list to CSV or XLSX: `GET /leads/export/?format=csv|xlsx&<the list's filters>`, and the same for
deals, contacts and companies. The rows are exactly the list's (same filter functions), narrowed to the member's
export scope; the file streams as it is written."""

from collections.abc import Callable

from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_GET

from funil.accounts.access import Actor
from funil.core.errors import DomainError
from funil.exports.lists import LISTS
from funil.exports.responses import attachment
from funil.exports.service import ExportError, export_records

from ..doors import Request, member_view


def _export(request: Request, actor: Actor, kind: str) -> HttpResponseBase:
    listed = LISTS[kind]
    f = listed.read(request.GET)  # an unreadable filter value is dropped, as the list drops it
    try:
        filename, content_type, chunks = export_records(
            actor, kind, listed.rows(actor, f), request.GET.get("format", "csv"), query=f.as_query()
        )
    except DomainError as exc:
        if exc.code != ExportError.FORMAT_INVALID:
            raise  # Forbidden: member_view answers 403
        return HttpResponse(exc.message, status=400, content_type="text/plain; charset=utf-8")
    return attachment(filename, content_type, chunks)


def _view(kind: str) -> Callable[..., HttpResponseBase]:
    @require_GET
    @member_view
    def view(request: Request, actor: Actor) -> HttpResponseBase:
        return _export(request, actor, kind)

    view.__name__ = f"{kind}_export"
    return view


lead_export = _view("lead")
deal_export = _view("deal")
contact_export = _view("contact")
company_export = _view("company")
