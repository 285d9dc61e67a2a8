"""Web forms in Settings: the list with each form's counters, a new form, the builder with a preview, switching
a form off and on, deleting it; the embed snippets are in `webforms_embed`."""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from funil.accounts.access import Actor, load
from funil.catalog.selectors import campaigns, sources
from funil.core.errors import DomainError
from funil.intake.webforms.fields import LANGUAGES, available_fields, visitor_language
from funil.intake.webforms.models import WebForm
from funil.intake.webforms.present import page_context
from funil.intake.webforms.selectors import webforms as webform_list
from funil.intake.webforms.services import (
    field_specs,
    webform_create,
    webform_delete,
    webform_set_active,
    webform_update,
)

from ...doors import Request
from .common import context, posted_flag, refused, refused_back, saved, settings_view
from .webforms_input import changes_from, form_values, posted_values, rows

LIST_TEMPLATE = "web/settings/webforms/list.html"
EDIT_TEMPLATE = "web/settings/webforms/edit.html"
LANGUAGE_NAMES = {"en": "English", "pt-br": "Português (Brasil)", "es": "Español"}


def _url() -> str:
    return reverse("web:settings_webforms")


def _edit_url(form: WebForm) -> str:
    return reverse("web:settings_webform", args=[form.pk])


@settings_view
def webforms(request: Request, actor: Actor) -> HttpResponse:
    ctx = context(actor, "webforms", forms=list(webform_list(actor)), form={}, errors={})
    if request.method == "POST":
        data = {"name": request.POST.get("name", "")}
        try:
            form = webform_create(actor=actor, data=data)
        except DomainError as exc:
            return refused(request, LIST_TEMPLATE, ctx, exc, shown=data)
        return saved(
            request, _edit_url(form), _("Form %(name)s created. Choose its fields below.") % {"name": form.name}
        )
    return render(request, LIST_TEMPLATE, ctx)


@settings_view
def edit(request: Request, actor: Actor, pk: int) -> HttpResponse:
    form = load(actor, WebForm, pk)
    known = available_fields(actor.workspace.pk)
    if request.method == "POST":
        changes = changes_from(request.POST, known)
        try:
            webform_update(actor=actor, form=form, changes=changes)
        except DomainError as exc:
            ctx = _edit_context(
                request, actor, form, known, values=posted_values(request.POST), fields=changes["fields"]
            )
            return refused(request, EDIT_TEMPLATE, ctx, exc, shown=changes, form=ctx["form"])
        return saved(request, _edit_url(form), _("Form %(name)s saved.") % {"name": changes["name"].strip()})
    ctx = _edit_context(request, actor, form, known, values=form_values(form), fields=form.fields)
    return render(request, EDIT_TEMPLATE, ctx)


def _edit_context(
    request: Request,
    actor: Actor,
    form: WebForm,
    known: dict[str, Any],
    *,
    values: dict[str, Any],
    fields: list[dict[str, Any]],
) -> dict[str, Any]:
    preview_language = visitor_language(request.GET.get("preview", ""))
    languages = [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES]
    return context(
        actor,
        "webforms",
        webform=form,
        form=values,
        rows=rows(known, fields),
        languages=languages,
        consent_texts=[(code, name, values.get(f"consent_text_{code}", "")) for code, name in languages],
        thank_you_texts=[(code, name, values.get(f"thank_you_{code}", "")) for code, name in languages],
        sources=sources(actor),
        campaigns=campaigns(actor),
        preview=preview(form, preview_language),
        preview_language=preview_language,
        errors={},
    )


def preview(form: WebForm, language: str) -> SafeString:
    """The saved form as a visitor reading `language` sees it, without a token (it cannot be sent)."""
    with translation.override(language):
        ctx = page_context(form, field_specs(form), language=language, action="", token="")
        ctx["preview"] = True
        html = render_to_string("intake_webforms/_form.html", ctx)
    return mark_safe(html)  # rendered by our own template, every value escaped there


@require_POST
@settings_view
def set_active(request: Request, actor: Actor, pk: int) -> HttpResponse:
    form = load(actor, WebForm, pk)
    active = posted_flag(request, "active")
    try:
        webform_set_active(actor=actor, form=form, active=active)
    except DomainError as exc:
        return refused_back(request, _url(), exc)
    message = (
        _("%(name)s takes submissions again.") if active else _("%(name)s is switched off: visitors see it is closed.")
    )
    return saved(request, _url(), message % {"name": form.name})


@require_POST
@settings_view
def delete(request: Request, actor: Actor, pk: int) -> HttpResponse:
    form = load(actor, WebForm, pk)
    try:
        webform_delete(actor=actor, form=form)
    except DomainError as exc:
        return refused_back(request, _edit_url(form), exc)
    messages_text = _("Form %(name)s deleted. The leads it brought keep their history.") % {"name": form.name}
    return saved(request, _url(), messages_text)
