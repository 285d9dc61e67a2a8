"""A visitor's submission: anti-spam checks, the channel's own field checks, then `lead_capture`.

Spam (honeypot, too fast, flood) is counted on the form and never creates a lead. A submission without a
valid token (the static HTML snippet, a page left open for days) is shown back with a fresh token instead of
being taken, so the minimum fill time cannot be skipped by leaving the token out.
"""

import logging
import time
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from funil.accounts.access import Actor
from funil.activities.models import Kind
from funil.core.errors import DomainError, FieldError, ValidationFailed
from funil.intake.capture import CaptureResult, Channel, Incoming, IncomingActivity, Outcome, lead_capture

from . import ratelimit, tokens
from .errors import WebFormError
from .fields import (
    CONSENT_FIELD,
    CUSTOM_PREFIX,
    HONEYPOT_FIELD,
    LEAD_FIELDS,
    TOKEN_FIELD,
    UTM_FIELDS,
    FormField,
    custom_definitions,
    label_in,
    text_in,
)
from .models import WebForm

log = logging.getLogger(__name__)

RETRY_MIN_SECONDS = 1  # a form shown again already filled in needs only a glance and a click
TRUE_WORDS = frozenset({"1", "on", "true", "yes"})
NEW_LEAD_OUTCOMES = frozenset({Outcome.CREATED, Outcome.FLAGGED, Outcome.REPEAT})


class Verdict(StrEnum):
    ACCEPTED = "accepted"  # a lead was made, or the person's existing record got the submission
    REPLAYED = "replayed"  # the same token again: the first result, nothing new
    SPAM = "spam"  # counted, nothing made, answered like an accepted one
    RETRY = "retry"  # no valid token: show the form again, filled in, with a fresh token


class FormClosed(DomainError):
    status = 410

    def __init__(self) -> None:
        super().__init__(WebFormError.FORM_INACTIVE, _("This form no longer takes submissions."))


class RateLimited(DomainError):
    status = 429

    def __init__(self) -> None:
        super().__init__(WebFormError.RATE_LIMITED, _("Too many submissions. Please try again in a few minutes."))


@dataclass(frozen=True)
class Submission:
    """What a visitor sent, as received: form keys to text, lists (several choices) or booleans."""

    values: dict[str, Any]
    ip: str = ""
    referer: str = ""
    language: str = "en"
    now: float | None = None


@dataclass
class SubmitResult:
    verdict: Verdict
    capture: CaptureResult | None = None
    token: str = ""  # the fresh token of a RETRY
    values: dict[str, Any] = field(default_factory=dict)


def webform_submit(*, form: WebForm, submission: Submission) -> SubmitResult:
    """Check, clean and hand one submission to lead_capture. Raises FormClosed, RateLimited or
    ValidationFailed (fields named as on the form: `email`, `custom:segment`, `consent`, or "" for the form)."""
    now = time.time() if submission.now is None else submission.now
    raw = submission.values
    if not form.active:
        raise FormClosed()
    # The visitor's own bucket first: a flood from one address stops there and never touches the form's.
    if not ratelimit.allowed([_ip_limit(form, submission.ip)], now=now):
        _count(form, spam=1)
        raise RateLimited()
    token = tokens.read(raw.get(TOKEN_FIELD), form_id=form.pk, now=now)
    if _filled(raw.get(HONEYPOT_FIELD)) or (token is not None and token.age(now) < token.min_seconds):
        _count(form, spam=1)
        return SubmitResult(Verdict.SPAM)
    # Only a submission that can become a lead (a valid token) spends the form-wide bucket, so tokenless
    # junk cannot close the form for everyone.
    if token is not None and not ratelimit.allowed([_form_limit(form)], now=now):
        _count(form, spam=1)
        raise RateLimited()
    specs = field_specs(form)
    values = clean_values(form, specs, raw)
    consent = _consent(form, raw)
    if token is None:
        return SubmitResult(Verdict.RETRY, token=retry_token(form, now), values=values)
    incoming = _incoming(form, specs, submission, values, consent, token.key)
    try:
        # The counters move in the lead's own transaction, as its last statement: the form's row is then
        # locked only while that transaction commits, and a lead is never counted without being made.
        with transaction.atomic():
            result = lead_capture(actor=Actor.system(form.workspace, f"web form: {form.name}"), incoming=incoming)
            if result.outcome != Outcome.REPLAYED:
                _count(form, submissions=1, leads=int(result.outcome in NEW_LEAD_OUTCOMES))
    except ValidationFailed as exc:
        raise ValidationFailed([_on_form(form, error) for error in exc.errors]) from None
    verdict = Verdict.REPLAYED if result.outcome == Outcome.REPLAYED else Verdict.ACCEPTED
    return SubmitResult(verdict, capture=result, values=values)


def retry_token(form: WebForm, now: float | None = None) -> str:
    return tokens.issue(form.pk, min_seconds=min(RETRY_MIN_SECONDS, form.min_fill_seconds), now=now)


def field_specs(form: WebForm) -> dict[str, FormField]:
    """The form's fields as specs; custom ones are read (one query) only when the form has any."""
    keys = [str(entry.get("key", "")) for entry in form.fields]
    custom = custom_definitions(form.workspace_id, keys) if any(k.startswith(CUSTOM_PREFIX) for k in keys) else {}
    return {key: spec for key in keys if (spec := LEAD_FIELDS.get(key) or custom.get(key)) is not None}


# The channel's own checks ------------------------------------------------------------------------------------
def clean_values(form: WebForm, specs: dict[str, FormField], raw: dict[str, Any]) -> dict[str, Any]:
    """The form's fields, trimmed and typed; required and length are checked here, the rest by lead_capture."""
    values: dict[str, Any] = {}
    errors: list[FieldError] = []
    for entry in form.fields:
        spec = specs.get(entry["key"])
        if spec is None:  # a custom field retired since the form was built
            continue
        try:
            value = _coerce(spec, raw.get(spec.key))
        except ValueError:
            errors.append(FieldError(spec.key, WebFormError.VALUE_INVALID, _("This value cannot be read.")))
            continue
        if value in (None, "", []):
            if entry.get("required"):
                errors.append(FieldError(spec.key, WebFormError.REQUIRED, _("This field is required.")))
            continue
        if isinstance(value, str) and len(value) > spec.max_length:
            message = _("At most %(count)d characters.") % {"count": spec.max_length}
            errors.append(FieldError(spec.key, "too_long", message))
            continue
        values[spec.key] = value
    if form.consent_enabled and form.consent_required and not _true(raw.get(CONSENT_FIELD)):
        errors.append(FieldError(CONSENT_FIELD, WebFormError.CONSENT_REQUIRED, _("Please tick this box to send.")))
    if errors:
        raise ValidationFailed(errors)
    return values


def _coerce(spec: FormField, value: Any) -> Any:
    if spec.input == "checkbox":
        return True if _true(value) else None
    if spec.input == "checkboxes":
        items = value if isinstance(value, list) else ([] if value in (None, "") else [value])
        if not all(isinstance(item, str) for item in items):
            raise ValueError(spec.key)
        return [item.strip() for item in items if item.strip()]
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(spec.key)
    text = str(value).replace("\x00", "").strip()
    return text.upper() if spec.input == "country" else text


def _true(value: Any) -> bool:
    if isinstance(value, list):
        value = value[-1] if value else ""
    return value is True or (isinstance(value, str) and value.strip().lower() in TRUE_WORDS)


def _filled(value: Any) -> bool:
    return bool(value) and value != [""]


def _consent(form: WebForm, raw: dict[str, Any]) -> bool | None:
    return _true(raw.get(CONSENT_FIELD)) if form.consent_enabled else None


def _on_form(form: WebForm, error: FieldError) -> FieldError:
    """A lead field's error under the form's name for it; an error on a field not on the form is the form's."""
    name = error.field
    if name.startswith("custom_fields."):
        name = CUSTOM_PREFIX + name.removeprefix("custom_fields.")
    on_form = {entry["key"] for entry in form.fields}
    if name in ("first_name", "last_name") and "full_name" in on_form and name not in on_form:
        name = "full_name"
    return FieldError(name if name in on_form else "", error.code, error.message)


# Handing over to lead_capture --------------------------------------------------------------------------------
def _incoming(
    form: WebForm,
    specs: dict[str, FormField],
    submission: Submission,
    values: dict[str, Any],
    consent: bool | None,
    key: str,
) -> Incoming:
    person: dict[str, Any] = {k: v for k, v in values.items() if not k.startswith(CUSTOM_PREFIX)}
    custom = {k.removeprefix(CUSTOM_PREFIX): v for k, v in values.items() if k.startswith(CUSTOM_PREFIX)}
    if custom:
        person["custom_fields"] = custom
    page_url, utm = _origin_of(submission)
    person.update({name: value for name, value in utm.items() if value})
    if page_url:
        person["page_url"] = page_url
    if form.source_id and form.source and form.source.active:  # a source retired since takes no new leads
        person["source"] = form.source_id
    if form.campaign_id:
        person["campaign"] = form.campaign_id
    person["language"] = submission.language
    language = submission.language
    labels = {
        entry["key"]: label_in(entry, specs[entry["key"]], language) for entry in form.fields if entry["key"] in specs
    }
    body = "\n".join(f"{labels.get(k, k)}: {_shown(v)}" for k, v in values.items())
    consent_text = text_in(form.consent_text, language) if form.consent_enabled else ""
    payload = {
        "form": form.pk,
        "form_name": form.name,
        "values": values,
        "page_url": page_url,
        "utm": {name: value for name, value in utm.items() if value},
        "language": language,
        "consent": consent,
    }
    return Incoming(
        channel=Channel.WEB_FORM,
        person=person,
        activity=IncomingActivity(
            kind=Kind.FORM_SUBMISSION, subject=form.name, body=body, channel="web", payload=payload
        ),
        consent=consent,
        consent_text=consent_text,
        idempotency_key=key,
    )


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(value)
    if value is True:
        return "✓"
    return str(value)


def _origin_of(submission: Submission) -> tuple[str, dict[str, str]]:
    """The page the form was on (sent by the page, else the Referer) and its UTM tags (sent, else read from
    that page's address, which is all a form without a script has)."""
    raw = submission.values
    page_url = _text(raw.get("page_url"), 2000) or _text(submission.referer, 2000)
    if urlsplit(page_url).scheme not in ("http", "https"):
        page_url = ""
    query = parse_qs(urlsplit(page_url).query) if page_url else {}
    utm = {name: _text(raw.get(name), 200) or _text((query.get(name) or [""])[0], 200) for name in UTM_FIELDS}
    return page_url, utm


def _text(value: Any, limit: int) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value).replace("\x00", "").strip()[:limit] if isinstance(value, str | int | float) else ""


def _form_limit(form: WebForm) -> ratelimit.Limit:
    return ratelimit.Limit(f"f:{form.pk}", form.form_limit_per_minute, 60)


def _ip_limit(form: WebForm, ip: str) -> ratelimit.Limit:
    return ratelimit.Limit(f"f:{form.pk}:ip:{ip}", form.ip_limit_per_hour, 3600)


def _count(form: WebForm, **increments: int) -> None:
    """One short UPDATE; never early in a long transaction, or submissions at once would queue on the row."""
    changes = {name: F(name) + n for name, n in increments.items() if n}
    if changes:
        WebForm.objects.filter(pk=form.pk).update(**changes)
