"""What every Settings page shares: the read permission, the sub-navigation, and answering a form."""

from collections.abc import Iterable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from funil.accounts.access import Actor, can, require
from funil.core.errors import DomainError, Forbidden, NotFound

from ...doors import Request, View, error_text, field_errors, member_view, page

SECTIONS = (
    ("workspace", "web:settings_workspace", _("Workspace")),
    ("pipelines", "web:settings_pipelines", _("Pipelines and stages")),
    ("reasons", "web:settings_reasons", _("Junk and lost reasons")),
    ("fields", "web:settings_fields", _("Custom fields")),
    ("products", "web:settings_products", _("Products")),
    ("sources", "web:settings_sources", _("Sources")),
    ("campaigns", "web:settings_campaigns", _("Campaigns")),
    ("webforms", "web:settings_webforms", _("Web forms")),
    ("integrations", "web:settings_integrations", _("Integrations")),
    ("teams", "web:settings_teams", _("Teams")),
    ("members", "web:settings_members", _("Users")),
    ("api_keys", "web:settings_api_keys", _("API keys")),
)
# What each section holds, on the overview's cards.
DESCRIPTIONS = {
    "workspace": _("Name, currency, country, language, time zone and CRM mode."),
    "pipelines": _("Lead and deal pipelines, their stages and what each stage requires."),
    "reasons": _("Why leads are junk and why deals are lost."),
    "fields": _("Your own fields on leads, deals, contacts and companies."),
    "products": _("What you sell, with codes and prices."),
    "sources": _("Where leads come from."),
    "campaigns": _("Campaigns with their dates and cost."),
    "webforms": _("Forms for your website that bring leads in, with anti-spam."),
    "integrations": _("Email, phone calls, WhatsApp and Telegram bringing leads in."),
    "teams": _("Teams and who is on each."),
    "members": _("Invite people, set their roles, deactivate those who left."),
    "api_keys": _("Keys for other systems to use the API as a member."),
}


def settings_view(view: View) -> View:
    """A member who may read the settings (admins, managers); anyone else gets 403."""

    @member_view
    @wraps(view)
    def wrapper(request: Request, actor: Actor, *args: Any, **kwargs: Any) -> HttpResponse:
        require(actor, "settings", "read")
        return view(request, actor, *args, **kwargs)

    return wrapper


def context(actor: Actor, section: str, **extra: Any) -> dict[str, Any]:
    return {
        "actor": actor,
        "nav": "settings",
        "section": section,
        "sections": SECTIONS,
        "descriptions": DESCRIPTIONS,
        "can_edit": can(actor, "settings", "update"),
        **extra,
    }


def refused(
    request: Request,
    template: str,
    ctx: dict[str, Any],
    exc: DomainError,
    *,
    shown: Iterable[str] = (),
    form: Any = None,
) -> HttpResponse:
    """The form again, with each problem next to its field; problems of fields not on the form go on top."""
    passes_access_errors(exc)
    errors = field_errors(exc)
    general = [message for name, message in errors.items() if name not in set(shown)]
    ctx.update(errors=errors, error=" ".join(general), form=request.POST if form is None else form)
    return page(request, template, ctx, status=422)


def passes_access_errors(exc: DomainError) -> None:
    """Not allowed or not there is not a form problem: member_view answers 403 or 404."""
    if isinstance(exc, Forbidden | NotFound):
        raise exc


def saved(request: Request, url: str, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(url)


def refused_back(request: Request, url: str, exc: DomainError) -> HttpResponse:
    """A refused button (delete, retire) on a list: say why on the list itself."""
    passes_access_errors(exc)
    messages.error(request, error_text(exc))
    return redirect(url)


def posted_flag(request: Request, name: str) -> bool:
    return request.POST.get(name, "") in ("1", "on", "true", "yes")


def site_url(request: Request) -> str:
    return request.build_absolute_uri("/").rstrip("/")
