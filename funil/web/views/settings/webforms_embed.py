"""A web form's embed page: the hosted address, the script tag, and the plain HTML form to paste."""

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from funil.accounts.access import Actor, load
from funil.intake.webforms.fields import LANGUAGES, visitor_language
from funil.intake.webforms.models import WebForm
from funil.intake.webforms.present import page_context
from funil.intake.webforms.services import field_specs

from ...doors import Request
from .common import context, settings_view, site_url
from .webforms import LANGUAGE_NAMES


@settings_view
def embed(request: Request, actor: Actor, pk: int) -> HttpResponse:
    form = load(actor, WebForm, pk)
    language = visitor_language(request.GET.get("lang", ""))
    hosted = site_url(request) + reverse("intake_webforms:form", args=[form.public_id])
    script = site_url(request) + reverse("intake_webforms:embed", args=[form.public_id])
    suffix = "" if language == "en" else f"?lang={language}"
    ctx = context(
        actor,
        "webforms",
        webform=form,
        hosted_url=hosted + suffix,
        script_tag=f'<script src="{script}{suffix}" async></script>',
        html_snippet=_html_snippet(form, hosted, language),
        languages=[(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
        snippet_language=language,
    )
    return render(request, "web/settings/webforms/embed.html", ctx)


def _html_snippet(form: WebForm, action: str, language: str) -> str:
    """The form as plain HTML for another site: no token (no page of ours rendered it), honeypot hidden inline."""
    with translation.override(language):
        ctx = page_context(form, field_specs(form), language=language, action=action, token="")
        ctx["snippet"] = True
        html = render_to_string("intake_webforms/_form.html", ctx)
    return "\n".join(line for line in html.splitlines() if line.strip())
