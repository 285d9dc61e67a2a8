"""Every write to a web form: the builder's create, update, switch on/off and delete, and (re-exported from
`submission`) a visitor's submission. Each checks the `settings` permission and refuses with coded errors."""

from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from funil.accounts.access import Actor, require
from funil.accounts.audit import setting_changed
from funil.accounts.settings_kit import (
    read_flag,
    read_name,
    reader_for,
    refuse_clash,
    refuse_duplicate,
    refuse_unknown,
    save_changes,
)
from funil.catalog.models import Campaign, CustomField, CustomFieldEntity, Source, SourceKind
from funil.core.inputs import InputReader

from .errors import WebFormError
from .fields import (
    CUSTOM_PREFIX,
    DEFAULT_FIELDS,
    IDENTITY_KEYS,
    LANGUAGES,
    MAX_FIELDS,
    MAX_LABEL,
    available_fields,
)
from .models import WebForm
from .selectors import forget
from .submission import (
    FormClosed,
    RateLimited,
    Submission,
    SubmitResult,
    Verdict,
    field_specs,
    retry_token,
    webform_submit,
)

__all__ = [
    "FormClosed",
    "RateLimited",
    "Submission",
    "SubmitResult",
    "Verdict",
    "field_specs",
    "retry_token",
    "webform_create",
    "webform_delete",
    "webform_set_active",
    "webform_submit",
    "webform_update",
]

WEBFORM_FIELDS = (
    "name",
    "active",
    "fields",
    "consent_enabled",
    "consent_required",
    "consent_text",
    "thank_you",
    "redirect_url",
    "source",
    "campaign",
    "allowed_origins",
    "min_fill_seconds",
    "ip_limit_per_hour",
    "form_limit_per_minute",
)
FLAGS = ("active", "consent_enabled", "consent_required")
NUMBERS = {"min_fill_seconds": 3600, "ip_limit_per_hour": 1_000_000, "form_limit_per_minute": 1_000_000}
MAX_TEXT = 2000
MAX_ORIGINS = 20


def webform_create(*, actor: Actor, data: dict[str, Any]) -> WebForm:
    """A new form: the given settings over sensible defaults (name, email, phone, company and need; the
    workspace's web-form source)."""
    require(actor, "settings", "update")
    refuse_unknown(data, WEBFORM_FIELDS)
    keys = [*DEFAULT_FIELDS, *sorted(required_custom(actor.workspace.pk))]
    defaults: dict[str, Any] = {
        "name": "",
        "fields": [{"key": key, "required": key == "email" or key.startswith(CUSTOM_PREFIX)} for key in keys],
    }
    if "source" not in data:
        defaults["source"] = (
            Source.objects.filter(workspace=actor.workspace, kind=SourceKind.WEB_FORM, active=True)
            .values_list("pk", flat=True)
            .first()
        )
    values = _read(actor, {**defaults, **data}, None)
    with transaction.atomic():
        with refuse_clash():
            form = WebForm.objects.create(workspace=actor.workspace, **values)
        setting_changed(actor, area="webform", action="created", obj=form, changes=values)
    return form


def webform_update(*, actor: Actor, form: WebForm, changes: dict[str, Any]) -> WebForm:
    require(actor, "settings", "update", form)
    refuse_unknown(changes, WEBFORM_FIELDS)
    values = _read(actor, changes, form)
    with transaction.atomic():
        form = WebForm.objects.select_for_update().get(pk=form.pk)
        save_changes(actor, form, values, area="webform")
    forget(form.public_id)
    return form


def webform_set_active(*, actor: Actor, form: WebForm, active: bool) -> WebForm:
    """A switched-off form answers visitors that it is closed and takes nothing; its settings are kept."""
    return webform_update(actor=actor, form=form, changes={"active": active})


def webform_delete(*, actor: Actor, form: WebForm) -> None:
    """The form goes; leads it brought keep their source, campaign and the submission on their timeline."""
    require(actor, "settings", "delete", form)
    with transaction.atomic():
        setting_changed(actor, area="webform", action="deleted", obj=form)
        form.delete()
    forget(form.public_id)


# Reading the builder's input ---------------------------------------------------------------------------------
def _read(actor: Actor, data: dict[str, Any], form: WebForm | None) -> dict[str, Any]:
    reader = reader_for(actor)
    for key, value in data.items():
        if key == "name":
            read_name(reader, value, max_length=200)
            refuse_duplicate(reader, WebForm.objects.filter(workspace=actor.workspace), exclude=form)
        elif key in FLAGS:
            read_flag(reader, key, value)
        elif key == "fields":
            _read_fields(reader, actor.workspace.pk, value)
        elif key in ("consent_text", "thank_you"):
            _read_texts(reader, key, value)
        elif key == "redirect_url":
            _read_redirect(reader, value)
        elif key == "source":
            reader.reference(key, value, Source.objects.all(), current=getattr(form, "source_id", None))
        elif key == "campaign":
            reader.reference(key, value, Campaign.objects.all(), current=getattr(form, "campaign_id", None))
        elif key == "allowed_origins":
            _read_origins(reader, value)
        elif key in NUMBERS:
            _read_number(reader, key, value, NUMBERS[key])
    _check_consent(reader, form)
    reader.raise_if_errors()
    return reader.values


def _read_fields(reader: InputReader, workspace_id: int, value: Any) -> None:
    if not isinstance(value, list | tuple) or not all(isinstance(item, dict) for item in value):
        reader.fail("fields", WebFormError.FIELD_UNKNOWN, _("Fields are a list of {key, required, labels}."))
        return
    known = available_fields(workspace_id)
    seen: set[str] = set()
    fields: list[dict[str, Any]] = []
    for item in value:
        key = str(item.get("key", ""))
        if key not in known:
            reader.fail("fields", WebFormError.FIELD_UNKNOWN, _("There is no field %(key)r to ask for.") % {"key": key})
            continue
        if key in seen:
            reader.fail("fields", WebFormError.FIELD_DUPLICATE, _("%(key)s is on the form twice.") % {"key": key})
            continue
        seen.add(key)
        labels = _labels(reader, item.get("labels"))
        fields.append({"key": key, "required": bool(item.get("required")), "labels": labels})
    if not fields and not any(e.field == "fields" for e in reader.errors):
        reader.fail("fields", WebFormError.FIELDS_EMPTY, _("Choose at least one field."))
    elif len(fields) > MAX_FIELDS:
        reader.fail("fields", WebFormError.FIELDS_TOO_MANY, _("A form has at most %(n)d fields.") % {"n": MAX_FIELDS})
    elif fields and not seen & IDENTITY_KEYS:
        reader.fail(
            "fields",
            WebFormError.FIELDS_NO_IDENTITY,
            _("Ask for at least a name, a company, an email or a phone, or no lead can be made of a submission."),
        )
    missing = [spec.label for key, spec in known.items() if key in required_custom(workspace_id) and key not in seen]
    if fields and missing:
        reader.fail(
            "fields",
            WebFormError.FIELDS_MISSING_REQUIRED,
            _("Every lead needs %(fields)s: put it on the form, or no lead can be made of a submission.")
            % {"fields": ", ".join(str(label) for label in missing)},
        )
    reader.values["fields"] = fields


def required_custom(workspace_id: int) -> set[str]:
    """Form keys of the lead custom fields every new lead must have."""
    return {
        CUSTOM_PREFIX + key
        for key in CustomField.objects.filter(
            workspace_id=workspace_id, entity=CustomFieldEntity.LEAD, active=True, required=True
        ).values_list("key", flat=True)
    }


def _labels(reader: InputReader, value: Any) -> dict[str, str]:
    labels: dict[str, str] = {}
    for language, text in (value or {}).items() if isinstance(value, dict) else ():
        text = " ".join(str(text or "").split())
        if language not in LANGUAGES or not text:
            continue
        if len(text) > MAX_LABEL:
            reader.fail(
                "fields", WebFormError.LABEL_TOO_LONG, _("A label has at most %(n)d characters.") % {"n": MAX_LABEL}
            )
        labels[language] = text
    return labels


def _read_texts(reader: InputReader, field: str, value: Any) -> None:
    """A text per language ({"en": ..., "pt-br": ..., "es": ...}); empty ones are left out."""
    if not isinstance(value, dict):
        reader.fail(field, WebFormError.TEXT_TOO_LONG, _("Give one text per language."))
        return
    texts = {lang: str(text or "").strip() for lang, text in value.items() if lang in LANGUAGES}
    if any(len(text) > MAX_TEXT for text in texts.values()):
        reader.fail(field, WebFormError.TEXT_TOO_LONG, _("At most %(count)d characters.") % {"count": MAX_TEXT})
    reader.values[field] = {lang: text for lang, text in texts.items() if text}


def _read_redirect(reader: InputReader, value: Any) -> None:
    url = str(value or "").strip()
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            reader.fail(
                "redirect_url",
                WebFormError.REDIRECT_INVALID,
                _("Give a full address starting with https:// (or leave it empty to show the thank-you message)."),
            )
        if len(url) > 500:
            reader.fail(
                "redirect_url", WebFormError.REDIRECT_INVALID, _("At most %(count)d characters.") % {"count": 500}
            )
    reader.values["redirect_url"] = url


def normalize_origin(raw: str) -> str | None:
    """`https://www.example.com` (scheme, host, port; no path), or `*`; None when it is not one."""
    raw = raw.strip().rstrip("/")
    if raw == "*":
        return raw
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path or parts.query or parts.username:
        return None
    host = parts.hostname.encode("idna").decode("ascii") if not parts.hostname.isascii() else parts.hostname
    return f"{parts.scheme}://{host.lower()}" + (f":{port}" if port else "")


def _read_origins(reader: InputReader, value: Any) -> None:
    items = value.replace(",", " ").split() if isinstance(value, str) else list(value or [])
    origins: list[str] = []
    for item in items:
        origin = normalize_origin(str(item))
        if origin is None:
            reader.fail(
                "allowed_origins",
                WebFormError.ORIGIN_INVALID,
                _("%(value)s is not a site address such as https://www.example.com.") % {"value": item},
            )
        elif origin not in origins:
            origins.append(origin)
    if len(origins) > MAX_ORIGINS:
        reader.fail("allowed_origins", WebFormError.ORIGIN_INVALID, _("At most %(n)d addresses.") % {"n": MAX_ORIGINS})
    reader.values["allowed_origins"] = origins


def _read_number(reader: InputReader, field: str, value: Any, maximum: int) -> None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        number = -1
    if not 0 <= number <= maximum:
        reader.fail(
            field, WebFormError.NUMBER_INVALID, _("A whole number from 0 to %(max)s.") % {"max": f"{maximum:,}"}
        )
        return
    reader.values[field] = number


def _check_consent(reader: InputReader, form: WebForm | None) -> None:
    """A consent box needs the words the visitor agrees to, in at least one language."""
    enabled = reader.values.get("consent_enabled", form.consent_enabled if form else False)
    texts = reader.values.get("consent_text", form.consent_text if form else {})
    if enabled and not texts and not any(e.field == "consent_text" for e in reader.errors):
        reader.fail("consent_text", WebFormError.CONSENT_TEXT_REQUIRED, _("Write what the visitor agrees to."))
