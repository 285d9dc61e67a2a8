"""The public endpoint `/in/forms/<public id>/`: the hosted form (GET), submissions (POST, form-encoded or JSON),
the CORS preflight (OPTIONS), and `embed.js`. Cross-site by design, so no CSRF token: origins, a signed
submission token, a honeypot and rate limits guard it instead. Never a 500 for anything a visitor sends."""

import logging
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from funil.core.errors import DomainError, ValidationFailed

from . import tokens
from .errors import WebFormError
from .fields import CONSENT_FIELD, LANGUAGE_FIELD, TOKEN_FIELD, UTM_FIELDS, visitor_language
from .http import Refused, client_ip, cors, json_error, origin_allowed, preflight, read_values, wants_json
from .models import WebForm
from .present import page_context, script_config, thank_you
from .selectors import public_form
from .services import (
    FormClosed,
    RateLimited,
    Submission,
    SubmitResult,
    Verdict,
    field_specs,
    retry_token,
    webform_submit,
)

log = logging.getLogger(__name__)
RENDERER = Path(settings.BASE_DIR) / "funil" / "static" / "funil" / "webform.js"


@csrf_exempt
def endpoint(request: HttpRequest, public_id: str) -> HttpResponse:
    form = public_form(public_id)
    if form is None:
        return _not_found(request)
    if request.method == "OPTIONS":
        return preflight(request, form)
    if request.method in ("GET", "HEAD"):
        return hosted(request, form)
    if request.method == "POST":
        return cors(_submit(request, form), request, form)
    return HttpResponseNotAllowed(["GET", "POST", "OPTIONS"])


def hosted(request: HttpRequest, form: WebForm) -> HttpResponse:
    """The form on a page of its own, with a fresh token; UTM tags and the referring page ride along."""
    language = visitor_language(request.GET.get("lang", ""))
    with translation.override(language):
        if not form.active:
            return _message(request, form, language, FormClosed(), 410)
        hidden = {name: request.GET.get(name, "")[:200] for name in UTM_FIELDS}
        hidden["page_url"] = (request.GET.get("page_url") or request.headers.get("Referer", ""))[:2000]
        token = tokens.issue(form.pk, min_seconds=form.min_fill_seconds)
        return _page(request, form, language, token=token, hidden=hidden)


def _submit(request: HttpRequest, form: WebForm) -> HttpResponse:
    as_json = wants_json(request)
    language = visitor_language(request.GET.get("lang", ""))
    try:
        if not origin_allowed(request, form):
            raise Refused(WebFormError.ORIGIN_REFUSED, _("This form cannot be sent from that site."), 403)
        values = read_values(request)
    except Refused as exc:
        with translation.override(language):
            return json_error(exc, exc.status) if as_json else _message(request, form, language, exc, exc.status)
    language = visitor_language(str(values.get(LANGUAGE_FIELD) or language))
    submission = Submission(
        values=values, ip=client_ip(request), referer=request.headers.get("Referer", ""), language=language
    )
    with translation.override(language):
        try:
            result = webform_submit(form=form, submission=submission)
        except ValidationFailed as exc:
            return _invalid(request, form, submission, exc, as_json)
        except (FormClosed, RateLimited) as exc:
            return _refused(request, form, submission, exc, as_json)
        except DomainError as exc:  # the workspace cannot take leads (no pipeline...): say so, never a 500
            log.warning("web form %s: submission refused: %s", form.pk, exc.message)
            return _refused(request, form, submission, exc, as_json)
        return _answer(request, form, submission, result, as_json)


def _answer(
    request: HttpRequest, form: WebForm, submission: Submission, result: SubmitResult, as_json: bool
) -> HttpResponse:
    """Accepted, replayed and spam get the same thank-you (a bot learns nothing); a submission without a valid
    token gets its form back, filled in, with a fresh token."""
    language = submission.language
    if result.verdict == Verdict.RETRY:
        message = _("Please check your details and send the form again.")
        if as_json:
            return JsonResponse(
                {"code": WebFormError.TOKEN_INVALID, "message": message, "errors": [], "token": result.token},
                status=422,
            )
        return _page(
            request, form, language, token=result.token, values=result.values, hidden=submission.values, notice=message
        )
    if as_json:
        return JsonResponse({"ok": True, "message": thank_you(form, language), "redirect": form.redirect_url or None})
    if form.redirect_url:
        return HttpResponseRedirect(form.redirect_url, status=303)
    return render(
        request,
        "intake_webforms/message.html",
        {
            "form": form,
            "language": language,
            "title": form.name,
            "message": thank_you(form, language),
            "status_role": "status",
        },
    )


def _invalid(
    request: HttpRequest, form: WebForm, submission: Submission, exc: ValidationFailed, as_json: bool
) -> HttpResponse:
    """422: each problem by the form's field name; a plain post gets the form again with them in place."""
    token = _token_for_retry(form, submission)
    if as_json:
        return json_error(exc, 422, token=token)
    errors: dict[str, str] = {}
    for error in exc.errors:
        errors[error.field] = f"{errors[error.field]} {error.message}" if error.field in errors else error.message
    return _page(
        request,
        form,
        submission.language,
        token=token,
        values=submission.values,
        hidden=submission.values,
        errors=errors,
        status=422,
    )


def _refused(
    request: HttpRequest, form: WebForm, submission: Submission, exc: DomainError, as_json: bool
) -> HttpResponse:
    status = exc.status if exc.status >= 400 else 400
    headers = {"Retry-After": "600"} if isinstance(exc, RateLimited) else {}
    if as_json:
        response: HttpResponse = json_error(exc, status)
    elif isinstance(exc, RateLimited):
        response = _page(
            request,
            form,
            submission.language,
            token=_token_for_retry(form, submission),
            values=submission.values,
            hidden=submission.values,
            errors={"": exc.message},
            status=status,
        )
    else:
        response = _message(request, form, submission.language, exc, status)
    for name, value in headers.items():
        response[name] = value
    return response


def _token_for_retry(form: WebForm, submission: Submission) -> str:
    """The visitor's own token while it is valid (a correction is the same submission), else a fresh one."""
    raw = submission.values.get(TOKEN_FIELD)
    if tokens.read(raw, form_id=form.pk) is not None:
        return str(raw)
    return retry_token(form)


def _page(
    request: HttpRequest,
    form: WebForm,
    language: str,
    *,
    token: str,
    values: dict[str, Any] | None = None,
    hidden: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    notice: str = "",
    status: int = 200,
) -> HttpResponse:
    specs = field_specs(form)
    ctx = page_context(
        form,
        specs,
        language=language,
        action=request.path,
        token=token,
        values=values,
        errors=errors,
        hidden={k: str(v) for k, v in (hidden or {}).items() if isinstance(v, str)},
        consent=str((hidden or {}).get(CONSENT_FIELD, "")).lower() in ("1", "on", "true", "yes"),
    )
    ctx["notice"] = notice
    response = render(request, "intake_webforms/hosted.html", ctx, status=status)
    response["Cache-Control"] = "no-store"  # every page view carries its own submission token
    return response


def _message(request: HttpRequest, form: WebForm | None, language: str, exc: DomainError, status: int) -> HttpResponse:
    titles = {403: _("Not allowed"), 404: _("Form not found"), 410: _("Form closed"), 413: _("Too large")}
    ctx = {"form": form, "language": language, "title": titles.get(status, _("Not sent")), "message": exc.message}
    return render(request, "intake_webforms/message.html", ctx, status=status)


def _not_found(request: HttpRequest) -> HttpResponse:
    exc = DomainError("not_found", _("There is no form at this address."))
    if request.method == "POST" and wants_json(request):
        return json_error(exc, 404)
    return _message(request, None, visitor_language(request.GET.get("lang", "")), exc, 404)


# The embed script ---------------------------------------------------------------------------------------------
@cache
def _renderer() -> str:
    return RENDERER.read_text(encoding="utf-8")


def embed_script(request: HttpRequest, public_id: str) -> HttpResponse:
    """The renderer plus this form's fields, labels and a fresh token, for `<script src=...>` on any site."""
    form = public_form(public_id)
    if form is None or not form.active:
        status = 404 if form is None else 410
        return HttpResponse("/* This form is not available. */\n", status=status, content_type="text/javascript")
    language = visitor_language(request.GET.get("lang", ""))
    endpoint_url = request.build_absolute_uri(reverse("intake_webforms:form", args=[form.public_id]))
    token = tokens.issue(form.pk, min_seconds=form.min_fill_seconds)
    config = script_config(form, field_specs(form), language=language, endpoint=endpoint_url, token=token)
    body = f"{_renderer()}\nfunilWebForm({config}, document.currentScript);\n"
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response
