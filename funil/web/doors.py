"""What every HTML view shares: the acting member, loading through access, and turning domain errors into
messages a person can act on."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_htmx.middleware import HtmxDetails

from funil.accounts.access import Actor
from funil.core.errors import Conflict, DomainError, Forbidden, NotFound, ValidationFailed

View = Callable[..., Any]


class Request(HttpRequest):
    """What our middleware adds to a request: htmx details and the acting member."""

    htmx: HtmxDetails
    actor: Actor | None


def member_view(view: View) -> View:
    """Logged in and acting in a workspace; passes the Actor as the view's second argument."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        actor: Actor | None = getattr(request, "actor", None)
        if actor is None:
            return render(request, "web/no_workspace.html", status=403)
        try:
            return view(request, actor, *args, **kwargs)
        except NotFound:
            raise Http404() from None  # another workspace's or out-of-scope record: simply not there
        except Forbidden as exc:
            raise PermissionDenied(exc.message) from None

    return wrapper


def page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    """render() with response headers (htmx triggers and retargets)."""
    response = render(request, template, context, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def error_text(exc: DomainError) -> str:
    if isinstance(exc, Conflict):
        return _("Someone else changed this record meanwhile; it has been reloaded. Check it and try again.")
    if isinstance(exc, ValidationFailed):
        return " ".join(e.message for e in exc.errors)
    return exc.message


def field_errors(exc: DomainError) -> dict[str, str]:
    if isinstance(exc, ValidationFailed):
        return {e.field: e.message for e in exc.errors}
    return {exc.field or "__all__": exc.message}


def safe_next(request: HttpRequest, default: str) -> str:
    """The `next` address of a form, only when it stays on this site (no open redirects)."""
    from django.utils.http import url_has_allowed_host_and_scheme

    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}):
        return candidate
    return default


def navigate(request: Request, url: str) -> HttpResponse:
    """Go to `url`: htmx swaps the page in place (HX-Location), a plain form gets a redirect."""
    from django.shortcuts import redirect

    if request.htmx:
        return HttpResponse(status=204, headers={"HX-Location": url})
    return redirect(url)
