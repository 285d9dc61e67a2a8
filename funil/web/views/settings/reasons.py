"""Why leads are junk and why deals are lost: two lists, each added to, renamed inline, retired and restored."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from funil.accounts.access import Actor, load
from funil.core.errors import DomainError
from funil.pipelines.models import CloseReason, ReasonKind
from funil.pipelines.settings_selectors import reasons_by_kind
from funil.pipelines.settings_services import reason_create, reason_rename, reason_set_active

from ...doors import Request
from .common import context, posted_flag, refused, refused_back, saved, settings_view
from .rename import Renamable, rename_view, renaming

TEMPLATE = "web/settings/reasons.html"


def _url() -> str:
    return reverse("web:settings_reasons")


@settings_view
def reasons(request: Request, actor: Actor) -> HttpResponse:
    ctx = context(
        actor,
        "reasons",
        groups=reasons_by_kind(actor),
        kinds=ReasonKind.choices,
        rename_reason=renaming(request, "reason"),
        form={},
        errors={},
    )
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        try:
            reason = reason_create(actor=actor, kind=kind, name=request.POST.get("name", ""))
        except DomainError as exc:
            ctx["failed_kind"] = kind
            return refused(request, TEMPLATE, ctx, exc, shown=("name",))
        return saved(request, _url(), _("Reason %(name)s added.") % {"name": reason.name})
    return render(request, TEMPLATE, ctx)


@require_POST
@settings_view
def set_active(request: Request, actor: Actor, pk: int) -> HttpResponse:
    reason = load(actor, CloseReason, pk)
    active = posted_flag(request, "active")
    try:
        reason_set_active(actor=actor, reason=reason, active=active)
    except DomainError as exc:
        return refused_back(request, _url(), exc)
    message = _("%(name)s is offered again.") if active else _("%(name)s is no longer offered.")
    return saved(request, _url(), message % {"name": reason.name})


rename = rename_view(
    Renamable(
        prefix="reason",
        url_name="web:settings_reason_rename",
        queryset=CloseReason.objects.all,
        save=lambda actor, obj, name: reason_rename(actor=actor, reason=obj, name=name),
        back=lambda obj: _url(),
    )
)
