"""Reading a decoded JSON payload field by field, collecting every problem with its path ("messages[1].id")."""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from funil.core.errors import FieldError
from funil.intake.capture import Incoming

from ..errors import DeliveryError, Malformed
from ..models import Integration


@dataclass
class Parsed:
    """The deliveries a payload holds, and how many of its parts were skipped on purpose (read receipts...)."""

    items: list[Incoming] = field(default_factory=list)
    ignored: int = 0


class PayloadReader:
    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def fail(self, path: str, code: str, message: str) -> None:
        self.errors.append(FieldError(path, str(code), message))

    def raise_if_errors(self) -> None:
        if self.errors:
            raise Malformed(self.errors)

    def obj(self, value: Any, path: str) -> dict[str, Any] | None:
        if isinstance(value, dict):
            return value
        if value is None:
            self.fail(path, DeliveryError.REQUIRED, _("This is required (a JSON object)."))
        else:
            self.fail(path, DeliveryError.INVALID, _("Must be a JSON object."))
        return None

    def items(self, value: Any, path: str, *, required: bool = True) -> list[Any]:
        if value is None and not required:
            return []
        if isinstance(value, list):
            return value
        self.fail(path, DeliveryError.INVALID if value is not None else DeliveryError.REQUIRED, _("Must be a list."))
        return []

    def text(self, data: dict[str, Any], key: str, path: str, *, required: bool = False, limit: int = 200) -> str:
        value = data.get(key)
        if value is None or value == "":
            if required:
                self.fail(_join(path, key), DeliveryError.REQUIRED, _("This is required."))
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.fail(_join(path, key), DeliveryError.INVALID, _("Must be text."))
            return ""
        text = str(value).replace("\x00", "").strip()
        if len(text) > limit:
            self.fail(_join(path, key), "too_long", _("At most %(count)d characters.") % {"count": limit})
            return ""
        return text

    def number(self, data: dict[str, Any], key: str, path: str) -> int | None:
        value = data.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, bool) or not isinstance(value, int | float | str) or not str(value).isdigit():
            self.fail(_join(path, key), DeliveryError.INVALID, _("Must be a whole number of 0 or more."))
            return None
        return int(value)

    def moment(self, data: dict[str, Any], key: str, path: str) -> datetime | None:
        """An ISO 8601 date-time or a Unix timestamp in seconds; one without a zone is taken as UTC."""
        value = data.get(key)
        if value is None or value == "":
            return None
        try:
            if (isinstance(value, int | float) and not isinstance(value, bool)) or str(value).isdigit():
                return datetime.fromtimestamp(int(value), tz=UTC)
            parsed = parse_datetime(str(value)) if isinstance(value, str) else None
        except (ValueError, OverflowError, OSError):
            parsed = None
        if parsed is None:
            self.fail(_join(path, key), DeliveryError.INVALID, _("Must be an ISO 8601 date-time or a Unix time."))
            return None
        return parsed if timezone.is_aware(parsed) else parsed.replace(tzinfo=UTC)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def with_source(person: dict[str, Any], integration: Integration) -> dict[str, Any]:
    """The lead's source is the integration's, when the admin set one."""
    if integration.source_id:
        person["source"] = integration.source_id
    return person
