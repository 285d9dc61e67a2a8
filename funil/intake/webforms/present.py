"""What a visitor sees of a form, in their language: the hosted page, the plain HTML snippet and the script's
configuration are all built from the same list of shown fields."""

import json
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from .fields import (
    CONSENT_FIELD,
    HIDDEN_FIELDS,
    HONEYPOT_FIELD,
    LANGUAGE_FIELD,
    TOKEN_FIELD,
    FormField,
    countries,
    label_in,
    text_in,
)
from .models import WebForm


@dataclass
class ShownField:
    key: str
    label: str
    input: str
    required: bool
    max_length: int
    choices: list[tuple[str, str]] = field(default_factory=list)
    value: Any = ""
    error: str = ""

    @property
    def dom_id(self) -> str:
        return "wf-" + self.key.replace(":", "-")

    @property
    def selected(self) -> list[str]:
        """The chosen values of a select or a group of boxes, as text."""
        if isinstance(self.value, list):
            return [str(v) for v in self.value]
        return [str(self.value)] if self.value not in ("", None) else []


def shown_fields(
    form: WebForm,
    specs: dict[str, FormField],
    language: str,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
) -> list[ShownField]:
    values, errors = values or {}, errors or {}
    shown = []
    for entry in form.fields:
        spec = specs.get(entry.get("key", ""))
        if spec is None:
            continue
        choices = countries(language) if spec.input == "country" else [(c, c) for c in spec.choices]
        shown.append(
            ShownField(
                key=spec.key,
                label=label_in(entry, spec, language),
                input=spec.input,
                required=bool(entry.get("required")),
                max_length=spec.max_length,
                choices=choices,
                value=values.get(spec.key, ""),
                error=errors.get(spec.key, ""),
            )
        )
    return shown


def thank_you(form: WebForm, language: str) -> str:
    with translation.override(language):
        return text_in(form.thank_you, language) or _("Thank you! We will be in touch soon.")


def consent_label(form: WebForm, language: str) -> str:
    return text_in(form.consent_text, language) if form.consent_enabled else ""


def page_context(
    form: WebForm,
    specs: dict[str, FormField],
    *,
    language: str,
    action: str,
    token: str,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    hidden: dict[str, str] | None = None,
    consent: bool = False,
) -> dict[str, Any]:
    """The template context of a rendered form (hosted page, preview, or the HTML snippet without a token)."""
    errors = errors or {}
    return {
        "form": form,
        "language": language,
        "action": action,
        "token": token,
        "fields": shown_fields(form, specs, language, values, errors),
        "consent_label": consent_label(form, language),
        "consent_checked": consent,
        "consent_error": errors.get(CONSENT_FIELD, ""),
        "general_error": errors.get("", ""),
        "hidden": [(name, (hidden or {}).get(name, "")) for name in HIDDEN_FIELDS],
        "names": {
            "token": TOKEN_FIELD,
            "language": LANGUAGE_FIELD,
            "consent": CONSENT_FIELD,
            "honeypot": HONEYPOT_FIELD,
        },
    }


def script_config(form: WebForm, specs: dict[str, FormField], *, language: str, endpoint: str, token: str) -> str:
    """The JSON the embed script renders from; `<` is escaped so no text can end a script element."""
    with translation.override(language):
        config = {
            "endpoint": endpoint,
            "token": token,
            "lang": language,
            "fields": [
                {
                    "key": f.key,
                    "id": f.dom_id,
                    "label": f.label,
                    "input": f.input,
                    "required": f.required,
                    "maxLength": f.max_length,
                    "choices": f.choices,
                }
                for f in shown_fields(form, specs, language)
            ],
            "consent": consent_label(form, language),
            "consentRequired": form.consent_enabled and form.consent_required,
            "names": {
                "token": TOKEN_FIELD,
                "language": LANGUAGE_FIELD,
                "consent": CONSENT_FIELD,
                "honeypot": HONEYPOT_FIELD,
            },
            "hidden": list(HIDDEN_FIELDS),
            "thanks": thank_you(form, language),
            "texts": {
                "send": _("Send"),
                "sending": _("Sending…"),
                "required": _("This field is required."),
                "email": _("Enter a valid email address."),
                "choose": _("Choose…"),
                "failed": _("Could not send the form. Check your connection and try again."),
                "check": _("Please check the fields marked below."),
                "honeypot": _("Leave this field empty"),
                "requiredMark": _("required"),
            },
        }
    return (
        json.dumps(config, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
