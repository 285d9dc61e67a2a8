"""What the record lists (leads, deals, contacts, companies) share: sorting, keyset pages, chosen columns, bulk
actions through the services, CSV export and the way to the delete confirmation."""

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.db import models
from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from funil.accounts.access import Actor, can, require, scoped
from funil.accounts.models import Membership
from funil.activities.deletion import MAX_BATCH
from funil.core.errors import DomainError
from funil.core.listing import UrlFilter, keyset_page, sort_choice
from funil.pipelines.models import Stage

from .doors import Request, error_text, safe_next

Apply = Callable[[Actor, Any, Request], None]  # one bulk action on one record, through its service


@dataclass(frozen=True)
class ListSpec:
    """One record list: its columns, sorts, templates and bulk actions."""

    entity: str  # the access entity, also the url prefix: web:<entity>_list, _bulk, _delete
    model: type[models.Model]
    nav: str
    columns: dict[str, Any]  # key -> lazy label
    default_columns: tuple[str, ...]
    sorts: dict[str, str]  # sort key -> model field
    template: str
    rows_template: str
    updated: Callable[[int], str]  # "3 deals updated." in the reader's language
    actions: dict[str, Apply] = field(default_factory=dict)
    numeric: frozenset[str] = frozenset()
    default_sort: str = "-created"
    export: tuple[tuple[str, Callable[[Any], Any]], ...] = ()
    export_related: tuple[str, ...] = ()

    def url(self, suffix: str) -> str:
        return reverse(f"web:{self.entity}_{suffix}")


def chosen_columns(request: Request, spec: ListSpec) -> list[str]:
    return [c for c in request.GET.getlist("col") if c in spec.columns] or list(spec.default_columns)


def _link(query: str, **params: Any) -> str:
    extra = urlencode(params, doseq=True)
    return "?" + "&".join(p for p in (query, extra) if p)


def render_list(
    request: Request,
    actor: Actor,
    spec: ListSpec,
    f: UrlFilter,
    qs: QuerySet[Any],
    context: dict[str, Any],
    decorate: Callable[[list[Any], list[str]], None] | None = None,
) -> HttpResponse:
    """The full page, or only the next rows when htmx asks for "More". `decorate` adds per-page facts to the rows
    (counts read in one grouped query for the whole page)."""
    sort, column, descending = sort_choice(request.GET.get("sort", spec.default_sort), spec.sorts, spec.default_sort)
    columns = chosen_columns(request, spec)
    cursor = request.GET.get("cursor", "")
    page = keyset_page(qs, column=column, descending=descending, cursor=cursor)
    if decorate is not None and page.rows:
        decorate(page.rows, columns)
    query = f.as_query()
    header = []
    for key in columns:
        sorted_now = "ascending" if sort == key else "descending" if sort == f"-{key}" else ""
        header.append(
            {
                "key": key,
                "label": spec.columns[key],
                "numeric": key in spec.numeric,
                "url": _link(query, sort=key if sort == f"-{key}" else f"-{key}", col=columns)
                if key in spec.sorts
                else "",
                "sorted": sorted_now,
                "arrow": {"ascending": " ↑", "descending": " ↓"}.get(sorted_now, ""),
            }
        )
    full = {
        "actor": actor,
        "nav": spec.nav,
        "spec": spec,
        "filter": f,
        "query": query,
        "page": page,
        "sort": sort,
        "columns": columns,
        "all_columns": spec.columns,
        "sortable": spec.sorts,
        "header": header,
        "more_url": _link(query, sort=sort, col=columns, cursor=page.next_cursor) if page.next_cursor else "",
        "rows_template": spec.rows_template,
        "bulk_url": spec.url("bulk"),
        "members": Membership.objects.filter(workspace=actor.workspace, is_active=True).select_related("user"),
        "can_update": can(actor, spec.entity, "update"),
        "can_assign": can(actor, spec.entity, "assign"),
        "can_export": can(actor, spec.entity, "export"),
        "export_url": url_or_none(f"web:{spec.model._meta.verbose_name_plural}_export"),
        "can_delete": can(actor, spec.entity, "delete"),
        **context,
    }
    template = spec.rows_template if cursor and request.htmx else spec.template
    return render(request, template, full)


def selected_ids(params: Any) -> list[int]:
    """The ids a form sent (at most MAX_BATCH); anything that is not a number is ignored."""
    ids = [int(i) for i in params.getlist("ids") if i.isdigit() and len(i) < 19]
    return list(dict.fromkeys(ids))[:MAX_BATCH]


def run_bulk(request: Request, actor: Actor, spec: ListSpec) -> HttpResponseBase:
    """Export, go to the delete confirmation, or apply one action to each selected record through its service,
    reporting what was done and what was refused. Records out of the actor's reach are never touched."""
    ids = selected_ids(request.POST)
    action = request.POST.get("action", "")
    back = safe_next(request, spec.url("list"))
    if len(request.POST.getlist("ids")) > MAX_BATCH:  # refuse rather than act on a silent part of the selection
        messages.error(request, _("Select at most %(n)d records at a time.") % {"n": MAX_BATCH})
        return redirect(back)
    if action == "export":
        return export_csv(actor, spec, ids)
    if action == "delete":
        return redirect(spec.url("delete") + "?" + urlencode({"ids": ids, "next": back}, doseq=True))
    apply = spec.actions.get(action)
    if apply is None:
        messages.error(request, _("Pick an action."))
        return redirect(back)
    done, refused = 0, []
    for record in scoped(actor, spec.model).filter(pk__in=ids):
        try:
            apply(actor, record, request)
            done += 1
        except DomainError as exc:
            refused.append(f"{record}: {error_text(exc)}")
    if done:
        messages.success(request, spec.updated(done))
    for line in refused[:10]:
        messages.error(request, line)
    if len(refused) > 10:
        messages.error(request, _("…and %(n)d more refused.") % {"n": len(refused) - 10})
    return redirect(back)


def owner_from(request: Request) -> int | None:
    """The member a bulk assignment names; empty means nobody (the queue)."""
    owner = request.POST.get("owner", "").strip()
    if not owner:
        return None
    if not owner.isdigit() or len(owner) > 18:
        raise DomainError("owner_invalid", _("Pick a member."))
    return int(owner)


def stage_from(actor: Actor, request: Request, kind: str) -> Stage:
    """The stage a bulk move names: one of this workspace's stages for leads (or deals), or a refusal."""
    raw = request.POST.get("stage", "")
    stage = (
        Stage.objects.filter(workspace=actor.workspace, pipeline__kind=kind, pk=int(raw)).first()
        if raw.isdigit() and len(raw) < 19
        else None
    )
    if stage is None:
        raise DomainError("stage_required", _("Pick a stage."))
    return stage


# CSV export: one code path for every list.

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value: Any) -> Any:
    """A cell a spreadsheet would execute (=, +, -, @, tab, carriage return first) is written as text."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return f"'{value}"
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_rows(header: list[str], rows: Iterable[list[Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(header)
    for values in rows:
        yield writer.writerow([neutralised(v) for v in values])


def export_csv(actor: Actor, spec: ListSpec, ids: list[int]) -> StreamingHttpResponse:
    """The selected records the actor may export (the role's export scope), streamed as CSV."""
    require(actor, spec.entity, "export")
    qs = scoped(actor, spec.model, "export").filter(pk__in=ids).select_related(*spec.export_related).order_by("pk")
    header = [name for name, _get in spec.export]
    rows = ([get(record) for _name, get in spec.export] for record in qs.iterator(chunk_size=500))
    response = StreamingHttpResponse(csv_rows(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{spec.model._meta.verbose_name_plural}.csv"'
    return response


def iso(value: Any) -> str:
    return value.isoformat() if value else ""


def url_or_none(name: str, *args: Any) -> str | None:
    """The address of a page that may not exist yet (another group's record page): no link rather than a 500."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None
