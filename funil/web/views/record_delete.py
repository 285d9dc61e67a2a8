"""Deleting leads, deals, contacts and companies: a confirmation page listing what goes (with counts) and what is
refused and why, then one POST that calls the entity's delete service. Works without JavaScript."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlparse

from django.contrib import messages
from django.db import models
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from funil.accounts.access import Actor, scoped
from funil.activities.deletion import DeletionPlan
from funil.contacts.deletion import company_delete, company_delete_plan, contact_delete, contact_delete_plan
from funil.contacts.models import Company, Contact
from funil.core.errors import DomainError
from funil.deals.models import Deal
from funil.deals.services import deal_delete, deal_delete_plan
from funil.leads.models import Lead
from funil.leads.services import lead_delete, lead_delete_plan

from ..doors import Request, error_text, member_view, safe_next
from ..listing import selected_ids, url_or_none


@dataclass(frozen=True)
class Kind:
    entity: str
    model: type[models.Model]
    nav: str
    keyword: str  # the services' argument: leads=, deals=...
    plan: Callable[..., DeletionPlan]
    delete: Callable[..., int]
    title: Callable[[int], str]
    button: Callable[[int], str]
    done: Callable[[int], str]


KINDS = {
    "lead": Kind(
        "lead",
        Lead,
        "leads",
        "leads",
        lead_delete_plan,
        lead_delete,
        lambda n: ngettext("Delete %(n)d lead?", "Delete %(n)d leads?", n) % {"n": n},
        lambda n: ngettext("Delete %(n)d lead", "Delete %(n)d leads", n) % {"n": n},
        lambda n: ngettext("%(n)d lead deleted.", "%(n)d leads deleted.", n) % {"n": n},
    ),
    "deal": Kind(
        "deal",
        Deal,
        "deals",
        "deals",
        deal_delete_plan,
        deal_delete,
        lambda n: ngettext("Delete %(n)d deal?", "Delete %(n)d deals?", n) % {"n": n},
        lambda n: ngettext("Delete %(n)d deal", "Delete %(n)d deals", n) % {"n": n},
        lambda n: ngettext("%(n)d deal deleted.", "%(n)d deals deleted.", n) % {"n": n},
    ),
    "contact": Kind(
        "contact",
        Contact,
        "contacts",
        "contacts",
        contact_delete_plan,
        contact_delete,
        lambda n: ngettext("Delete %(n)d contact?", "Delete %(n)d contacts?", n) % {"n": n},
        lambda n: ngettext("Delete %(n)d contact", "Delete %(n)d contacts", n) % {"n": n},
        lambda n: ngettext("%(n)d contact deleted.", "%(n)d contacts deleted.", n) % {"n": n},
    ),
    "company": Kind(
        "company",
        Company,
        "companies",
        "companies",
        company_delete_plan,
        company_delete,
        lambda n: ngettext("Delete %(n)d company?", "Delete %(n)d companies?", n) % {"n": n},
        lambda n: ngettext("Delete %(n)d company", "Delete %(n)d companies", n) % {"n": n},
        lambda n: ngettext("%(n)d company deleted.", "%(n)d companies deleted.", n) % {"n": n},
    ),
}


def _effects(counts: dict[str, int]) -> list[str]:
    """What else a deletion removes or changes, in words; blockers (deals) are reported as refusals instead."""
    words = {
        "timeline": lambda n: ngettext("%(n)d timeline entry", "%(n)d timeline entries", n),
        "files": lambda n: ngettext("%(n)d file", "%(n)d files", n),
        "lines": lambda n: ngettext("%(n)d product line", "%(n)d product lines", n),
        "contacts_detached": lambda n: ngettext(
            "%(n)d contact stays, without this company", "%(n)d contacts stay, without their company", n
        ),
        "leads_unlinked": lambda n: ngettext(
            "%(n)d converted lead keeps its data but loses the link",
            "%(n)d converted leads keep their data but lose the link",
            n,
        ),
        "deals_unlinked": lambda n: ngettext(
            "%(n)d deal stays, without its origin lead", "%(n)d deals stay, without their origin lead", n
        ),
    }
    return [words[name](n) % {"n": n} for name, n in counts.items() if name in words and n]


def _item(kind: Kind, doomed: Any) -> dict[str, Any]:
    record = doomed.record
    return {
        "label": str(record),
        "url": url_or_none(f"web:{kind.entity}_card", record.pk),
        "effects": _effects({"timeline": doomed.timeline, "files": doomed.files, **doomed.extra}),
        "refusal": error_text(doomed.refusal) if doomed.refusal else "",
    }


def _after_delete(request: Request, kind: Kind, back: str, deleted: set[int]) -> str:
    """Where to go once deleted: back where the user came from, unless that was one of the deleted records' pages."""
    try:
        match = resolve(urlparse(back).path)
    except Resolver404:
        return back
    if match.kwargs.get(f"{kind.entity}_id") in deleted:
        return reverse(f"web:{kind.entity}_list")
    return back


def _confirm_or_delete(request: Request, actor: Actor, kind: Kind) -> HttpResponseBase:
    params = request.POST if request.method == "POST" else request.GET
    # Only records the actor can see; ids of another workspace are ignored, never acted on.
    records = list(scoped(actor, kind.model).filter(pk__in=selected_ids(params)).order_by("pk"))
    back = safe_next(request, reverse(f"web:{kind.entity}_list"))
    if request.method == "POST" and request.POST.get("confirmed") == "1":
        try:
            n = kind.delete(actor=actor, **{kind.keyword: records})
        except DomainError as exc:
            messages.error(request, error_text(exc))
            query = urlencode({"ids": [r.pk for r in records], "next": back}, doseq=True)
            return redirect(f"{request.path}?{query}")
        if n:
            messages.success(request, kind.done(n))
        else:
            messages.info(request, _("Nothing was selected, so nothing was deleted."))
        return redirect(_after_delete(request, kind, back, {r.pk for r in records}))
    plan = kind.plan(actor=actor, **{kind.keyword: records})
    deletable = plan.deletable
    context = {
        "actor": actor,
        "nav": kind.nav,
        "title": kind.title(len(deletable)) if deletable else _("Nothing here can be deleted"),
        "button": kind.button(len(deletable)),
        "deletable": [_item(kind, d) for d in deletable],
        "refused": [_item(kind, d) for d in plan.refused],
        "ids": [d.record.pk for d in deletable],
        "summary": _effects(plan.totals),
        "next": back,
    }
    return render(request, "web/lists/delete_confirm.html", context)


def _view(entity: str) -> Callable[..., HttpResponse]:
    @require_http_methods(["GET", "POST"])
    @member_view
    def view(request: Request, actor: Actor) -> HttpResponseBase:
        return _confirm_or_delete(request, actor, KINDS[entity])

    view.__name__ = f"{entity}_delete"
    return view


lead_delete_view = _view("lead")
deal_delete_view = _view("deal")
contact_delete_view = _view("contact")
company_delete_view = _view("company")
