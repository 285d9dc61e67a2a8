"""Inline rename, shared by stages, pipelines, reasons, sources and teams.

With htmx the name turns into a small form in place and back; without JavaScript, "Rename" opens the list
with that row as a form (?rename_<prefix>=<id>) and saving returns to the list.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from funil.accounts.access import Actor, can, load
from funil.core.errors import DomainError

from ...doors import Request, View, error_text, page
from ...templatetags.humanize_funil import label
from .common import passes_access_errors, settings_view


@dataclass(frozen=True)
class Renamable:
    prefix: str  # names the row's element id: rename-<prefix>-<pk>
    url_name: str
    queryset: Callable[[], QuerySet[Any]]
    save: Callable[[Actor, Any, str], Any]
    back: Callable[[Any], str]
    changed_event: str = ""  # an htmx event for other parts of the page that show the name (e.g. button labels)


def rename_view(kind: Renamable) -> View:
    @settings_view
    def view(request: Request, actor: Actor, pk: int) -> HttpResponse:
        obj = load(actor, kind.queryset(), pk)
        url, back = reverse(kind.url_name, args=[obj.pk]), kind.back(obj)
        ctx: dict[str, Any] = {
            "obj": obj,
            "prefix": kind.prefix,
            "url": url,
            "back": back,
            "can_edit": can(actor, "settings", "update"),
        }
        if request.method == "POST":
            name = request.POST.get("name", "")
            try:
                if name.strip() != label(obj.name):  # the translated default name, unchanged, stays a default
                    obj = kind.save(actor, obj, name)
            except DomainError as exc:
                passes_access_errors(exc)
                if not request.htmx:
                    messages.error(request, error_text(exc))
                    return redirect(f"{back}?rename_{kind.prefix}={obj.pk}#rename-{kind.prefix}-{obj.pk}")
                ctx.update(editing=True, value=name, error=error_text(exc))
                return render(request, "web/settings/_rename.html", ctx, status=422)
            if not request.htmx:
                messages.success(request, _("Renamed."))
                return redirect(back)
            headers = {"HX-Trigger": kind.changed_event} if kind.changed_event else {}
            return page(request, "web/settings/_rename.html", {**ctx, "obj": obj, "refocus": True}, headers=headers)
        if not request.htmx:
            return redirect(f"{back}?rename_{kind.prefix}={obj.pk}#rename-{kind.prefix}-{obj.pk}")
        cancel = bool(request.GET.get("cancel"))
        return render(request, "web/settings/_rename.html", {**ctx, "editing": not cancel, "refocus": cancel})

    return view


def renaming(request: Request, prefix: str) -> int | None:
    """The row a no-JavaScript "Rename" link asked to show as a form."""
    raw = request.GET.get(f"rename_{prefix}", "")
    return int(raw) if raw.isdigit() else None
