"""Turning raw input dicts into model values, collecting every field's problem before refusing.

Shared by leads, contacts and deals so that an email, a phone or an amount is read the same way everywhere.
"""

from collections.abc import Callable
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from .errors import FieldError, ValidationFailed
from .normalize import (
    clean_text,
    normalize_amount,
    normalize_country,
    normalize_currency,
    normalize_email,
    normalize_phone,
)


class InputReader:
    """Collects normalised values and per-field errors for one input dict."""

    def __init__(
        self,
        *,
        workspace_id: int,
        country: str,
        scope: Callable[[models.QuerySet[Any]], models.QuerySet[Any]] | None = None,
    ) -> None:
        self.workspace_id = workspace_id
        self.country = country
        # Narrows linked records to those the actor may see: a lead cannot point at a contact its author cannot read.
        self.scope = scope
        self.values: dict[str, Any] = {}
        self.errors: list[FieldError] = []

    def fail(self, field: str, code: str, message: str) -> None:
        self.errors.append(FieldError(field, str(code), message))

    def run(self, field: str, fn: Callable[[], dict[str, Any]]) -> None:
        try:
            self.values.update(fn())
        except ValidationFailed as exc:
            self.errors.extend(exc.errors)

    def raise_if_errors(self) -> None:
        if self.errors:
            raise ValidationFailed(self.errors)

    # Field readers -------------------------------------------------------------------------------------------
    def text(self, field: str, value: Any, max_length: int) -> None:
        if not isinstance(value, str | int | float | type(None)):
            self.fail(field, "invalid", _("Must be text."))
            return
        text = clean_text(str(value or "").replace("\x00", ""))
        if len(text) > max_length:
            self.fail(field, "too_long", _("At most %(count)d characters.") % {"count": max_length})
        self.values[field] = text

    def long_text(self, field: str, value: Any, max_length: int = 20_000) -> None:
        text = str(value or "").replace("\x00", "").strip()
        if len(text) > max_length:
            self.fail(field, "too_long", _("At most %(count)d characters.") % {"count": max_length})
        self.values[field] = text

    def email(self, field: str, value: Any) -> None:
        raw = str(value or "").replace("\x00", "").strip()
        if len(raw) > 254:
            self.fail(field, "too_long", _("An email address has at most 254 characters."))
            return
        self.run(field, lambda: {field: raw, f"{field}_normalized": normalize_email(raw, field=field) if raw else ""})

    def phone(self, field: str, value: Any, *, with_extension: bool) -> None:
        raw = str(value or "").replace("\x00", "").strip()
        if len(raw) > 40:
            self.fail(field, "too_long", _("A phone number has at most 40 characters."))
            return

        def read() -> dict[str, Any]:
            if not raw:
                out = {field: "", f"{field}_e164": ""}
            else:
                phone = normalize_phone(raw, country=self.country, field=field)
                if len(phone.extension) > 10:
                    raise ValidationFailed.single(field, "phone_invalid", _("An extension has at most 10 digits."))
                out = {field: raw, f"{field}_e164": phone.e164}
                if with_extension:
                    out[f"{field}_extension"] = phone.extension
            if with_extension and not raw:
                out[f"{field}_extension"] = ""
            return out

        self.run(field, read)

    def country_code(self, field: str, value: Any) -> None:
        self.run(field, lambda: {field: normalize_country(str(value or ""), field=field)})

    def currency(self, field: str, value: Any) -> None:
        self.run(field, lambda: {field: normalize_currency(str(value or ""), field=field)})

    def amount(self, field: str, value: Any) -> None:
        if value is None or value == "":
            self.values[field] = None
            return
        self.run(field, lambda: {field: normalize_amount(value, field=field)})

    def choice(self, field: str, value: Any, choices: type[models.TextChoices]) -> None:
        value = "" if value is None else str(value)
        if value not in choices.values:
            self.fail(
                field,
                "choice_invalid",
                _("Must be one of: %(choices)s.") % {"choices": ", ".join(v for v in choices.values if v)},
            )
        self.values[field] = value

    def boolean(self, field: str, value: Any) -> None:
        if value is None or isinstance(value, bool):
            self.values[field] = value
        else:
            self.fail(field, "invalid", _("Must be true, false or empty."))

    def reference(self, field: str, value: Any, queryset: models.QuerySet[Any], *, current: Any = None) -> None:
        """A foreign key given by id (or instance); it must exist in this workspace. A retired row (`active`
        false: a source, a product) is refused when newly set; `current`, the value the record holds, stays."""
        if value is None or value == "":
            self.values[field] = None
            return
        pk = value.pk if isinstance(value, models.Model) else value
        if self.scope is not None and hasattr(queryset.model, "ACCESS_OWNER_FIELDS"):
            queryset = self.scope(queryset)
        try:
            obj = queryset.filter(workspace_id=self.workspace_id).get(pk=pk)
        except (ValueError, TypeError, queryset.model.DoesNotExist):
            self.fail(
                field,
                "reference_invalid",
                _("No such %(thing)s in this workspace.") % {"thing": queryset.model._meta.verbose_name},
            )
            return
        if getattr(obj, "active", True) is False and obj.pk != getattr(current, "pk", current):
            self.fail(field, "reference_retired", _("%(name)s is retired; pick another.") % {"name": obj})
            return
        self.values[field] = obj
