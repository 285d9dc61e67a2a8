"""Lead sources: list and add, rename inline, retire and bring back."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from funil.accounts.access import Actor, load
from funil.catalog.models import Source, SourceKind
from funil.catalog.selectors import sources as source_list
from funil.catalog.services import source_create, source_update
from funil.core.errors import DomainError

from ...doors import Request
from .common import context, posted_flag, refused, refused_back, saved, settings_view
from .rename import Renamable, rename_view, renaming

TEMPLATE = "web/settings/sources.html"


def _url() -> str:
    return reverse("web:settings_sources")


@settings_view
def sources(request: Request, actor: Actor) -> HttpResponse:
    ctx = context(
        actor,
        "sources",
        sources=source_list(actor),
        kinds=SourceKind.choices,
        rename_source=renaming(request, "source"),
        form={"kind": SourceKind.OTHER},
        errors={},
    )
    if request.method == "POST":
        data = {"name": request.POST.get("name", ""), "kind": request.POST.get("kind", "")}
        try:
            source = source_create(actor=actor, data=data)
        except DomainError as exc:
            return refused(request, TEMPLATE, ctx, exc, shown=data)
        return saved(request, _url(), _("Source %(name)s added.") % {"name": source.name})
    return render(request, TEMPLATE, ctx)


@require_POST
@settings_view
def set_active(request: Request, actor: Actor, pk: int) -> HttpResponse:
    source = load(actor, Source, pk)
    active = posted_flag(request, "active")
    try:
        source_update(actor=actor, source=source, changes={"active": active})
    except DomainError as exc:
        return refused_back(request, _url(), exc)
    message = _("%(name)s is offered again.") if active else _("%(name)s is no longer offered.")
    return saved(request, _url(), message % {"name": source.name})


rename = rename_view(
    Renamable(
        prefix="source",
        url_name="web:settings_source_rename",
        queryset=Source.objects.all,
        save=lambda actor, obj, name: source_update(actor=actor, source=obj, changes={"name": name}),
        back=lambda obj: _url(),
    )
)
