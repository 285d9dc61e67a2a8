"""Home page and workspace switching. Views parse input, load through access, call one service, respond."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from funil.accounts.access import actor_for
from funil.accounts.middleware import SESSION_KEY
from funil.analytics.selectors import workspace_summary
from funil.core.errors import NotFound
from funil.web.doors import Request


@login_required
def home(request: Request) -> HttpResponse:
    actor = request.actor
    if actor is None:
        return render(request, "web/no_workspace.html", status=403)
    return render(request, "web/home.html", {"summary": workspace_summary(actor), "actor": actor, "nav": "home"})


@login_required
@require_POST
def workspace_switch(request: Request) -> HttpResponse:
    try:
        actor = actor_for(request.user, int(request.POST.get("workspace", "0")))  # type: ignore[arg-type]
    except (ValueError, NotFound):
        return HttpResponse(_("Workspace not found."), status=404)
    request.session[SESSION_KEY] = actor.workspace.pk
    return HttpResponseRedirect(reverse("web:home"))
