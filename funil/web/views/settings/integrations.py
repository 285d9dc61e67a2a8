"""Integrations in Settings: the list, add one of a kind, its page (endpoint, how to sign, counters, the secret
shown once), edit, rotate the secret, deactivate and reactivate. Every write goes through
funil.intake.webhooks.services."""

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from funil.accounts.access import Actor, load
from funil.catalog.models import Source
from funil.core.errors import DomainError
from funil.intake.webhooks.models import HOOK_KINDS, Integration, IntegrationKind
from funil.intake.webhooks.selectors import integrations as integration_list
from funil.intake.webhooks.services import (
    ROTATION_GRACE,
    default_source,
    integration_create,
    integration_rotate_secret,
    integration_set_active,
    integration_update,
)
from funil.intake.webhooks.settings_input import HIDDEN_SETTINGS

from ...doors import Request
from .common import context, posted_flag, refused, refused_back, saved, settings_view, site_url
from .integrations_input import IMAP_SECURITY, KIND_HELP, form_values, posted, redisplayed, shown_fields

LIST_TEMPLATE = "web/settings/integrations/list.html"
NEW_TEMPLATE = "web/settings/integrations/new.html"
DETAIL_TEMPLATE = "web/settings/integrations/detail.html"
SECRET_KEY = "integration-secret-%d"  # session key: the secret waits there for the one page that shows it


def _url(pk: int | None = None) -> str:
    return reverse("web:settings_integration", args=[pk]) if pk else reverse("web:settings_integrations")


def _choices(actor: Actor, kind: str) -> dict[str, Any]:
    return {
        "kind": kind,
        "kind_label": IntegrationKind(kind).label,
        "sources": list(Source.objects.filter(workspace=actor.workspace, active=True).order_by("position", "name")),
        "securities": IMAP_SECURITY,
    }


@settings_view
def integrations(request: Request, actor: Actor) -> HttpResponse:
    kinds = [(value, label, KIND_HELP[IntegrationKind(value)]) for value, label in IntegrationKind.choices]
    ctx = context(actor, "integrations", integrations=integration_list(actor), kinds=kinds)
    return render(request, LIST_TEMPLATE, ctx)


@settings_view
def new(request: Request, actor: Actor, kind: str) -> HttpResponse:
    if kind not in IntegrationKind.values:
        raise Http404()
    source = default_source(actor, kind)
    form = {"security": "ssl", "folder": "INBOX", "source": source.pk if source else ""}
    ctx = context(actor, "integrations", form=form, errors={}, **_choices(actor, kind))
    if request.method == "POST":
        try:
            integration, secret = integration_create(actor=actor, data={"kind": kind, **posted(request, kind)})
        except DomainError as exc:
            return refused(request, NEW_TEMPLATE, ctx, exc, shown=shown_fields(kind), form=redisplayed(request, kind))
        if secret:
            request.session[SECRET_KEY % integration.pk] = secret
        return saved(request, _url(integration.pk), _("Integration %(name)s added.") % {"name": integration.name})
    return render(request, NEW_TEMPLATE, ctx)


@settings_view
def detail(request: Request, actor: Actor, pk: int) -> HttpResponse:
    integration = load(actor, Integration.objects.select_related("source"), pk)
    ctx = context(
        actor,
        "integrations",
        integration=integration,
        form=form_values(integration),
        errors={},
        secret=request.session.pop(SECRET_KEY % integration.pk, ""),
        endpoint=_endpoint(request, integration),
        hidden_set={k: bool(integration.settings.get(k)) for k in HIDDEN_SETTINGS},
        grace_hours=int(ROTATION_GRACE.total_seconds() // 3600),
        **_choices(actor, integration.kind),
    )
    if request.method == "POST":
        try:
            integration_update(actor=actor, integration=integration, changes=posted(request, integration.kind))
        except DomainError as exc:
            kind = integration.kind
            return refused(
                request, DETAIL_TEMPLATE, ctx, exc, shown=shown_fields(kind), form=redisplayed(request, kind)
            )
        return saved(request, _url(pk), _("Integration %(name)s saved.") % {"name": integration.name})
    return render(request, DETAIL_TEMPLATE, ctx)


@require_POST
@settings_view
def rotate(request: Request, actor: Actor, pk: int) -> HttpResponse:
    integration = load(actor, Integration, pk)
    try:
        secret = integration_rotate_secret(
            actor=actor, integration=integration, revoke_old=posted_flag(request, "revoke_old")
        )
    except DomainError as exc:
        return refused_back(request, _url(pk), exc)
    request.session[SECRET_KEY % integration.pk] = secret
    return saved(request, _url(pk), _("A new secret was made. Copy it now: it is shown only once."))


@require_POST
@settings_view
def set_active(request: Request, actor: Actor, pk: int) -> HttpResponse:
    integration = load(actor, Integration, pk)
    active = posted_flag(request, "active")
    try:
        integration_set_active(actor=actor, integration=integration, active=active)
    except DomainError as exc:
        return refused_back(request, _url(pk), exc)
    message = (
        _("%(name)s takes deliveries again.") if active else _("%(name)s is deactivated: its deliveries are refused.")
    )
    return saved(request, _url(pk), message % {"name": integration.name})


def _endpoint(request: Request, integration: Integration) -> str:
    """The address senders post to; an IMAP mailbox has none (Funil fetches from it)."""
    if integration.kind == IntegrationKind.EMAIL_GATEWAY:
        return site_url(request) + reverse("intake_mail", args=[integration.public_id])
    if integration.kind in HOOK_KINDS:
        return site_url(request) + reverse("intake_hook", args=[integration.public_id])
    return ""
