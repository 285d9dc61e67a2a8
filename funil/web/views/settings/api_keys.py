"""API keys: list, create (the secret is shown once, on the page that created it) and revoke."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from funil.accounts.access import Actor, load
from funil.accounts.api_keys import api_key_create, api_key_revoke, api_keys
from funil.accounts.models import ApiKey, Membership
from funil.core.errors import DomainError

from ...doors import Request
from .common import context, refused, refused_back, saved, settings_view

TEMPLATE = "web/settings/api_keys.html"
FIELDS = ("name", "member")


def _url() -> str:
    return reverse("web:settings_api_keys")


@settings_view
def keys(request: Request, actor: Actor) -> HttpResponse:
    members = Membership.objects.filter(workspace=actor.workspace, is_active=True).select_related("user")
    ctx = context(
        actor,
        "api_keys",
        keys=api_keys(actor),
        members=sorted(members, key=lambda m: str(m.user).lower()),
        form={"member": actor.user.pk if actor.user else ""},
        errors={},
    )
    if request.method == "POST":
        data = {name: request.POST.get(name, "") for name in FIELDS}
        try:
            key, secret = api_key_create(actor=actor, name=data["name"], user_id=data["member"])
        except DomainError as exc:
            return refused(request, TEMPLATE, ctx, exc, shown=FIELDS)
        # Shown here once and never again: only its hash is stored.
        ctx.update(keys=api_keys(actor), created=key, secret=secret)
    return render(request, TEMPLATE, ctx)


@require_POST
@settings_view
def revoke(request: Request, actor: Actor, pk: int) -> HttpResponse:
    key = load(actor, ApiKey, pk)
    try:
        api_key_revoke(actor=actor, key=key)
    except DomainError as exc:
        return refused_back(request, _url(), exc)
    return saved(request, _url(), _("Key %(name)s revoked: it no longer works.") % {"name": key.name})
