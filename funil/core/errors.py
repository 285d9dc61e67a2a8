"""Domain errors carry codes, so the API, the UI and tests compare codes, not message text."""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext as _


class CommonError(StrEnum):
    REQUIRED = "required"
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    FORBIDDEN = "forbidden"
    STALE_VERSION = "stale_version"


@dataclass(frozen=True)
class FieldError:
    field: str
    code: str
    message: str


class DomainError(Exception):
    """Base of every refusal a service can give. `code` is a member of an app's error enum."""

    status = 400

    def __init__(self, code: str, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.code = str(code)
        self.message = message
        self.field = field

    def as_dict(self) -> dict[str, object]:
        return {"code": self.code, "message": self.message, "field": self.field}


class ValidationFailed(DomainError):
    """One or more fields are invalid; each problem is reported with its field, code and message."""

    status = 422

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = list(errors) or [FieldError("", CommonError.INVALID, _("Invalid input."))]
        first = self.errors[0]
        super().__init__(first.code, "; ".join(f"{e.field}: {e.message}" for e in self.errors), field=first.field)

    @classmethod
    def single(cls, field: str, code: str, message: str) -> "ValidationFailed":
        return cls([FieldError(field, str(code), message)])

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "message": self.message,
            "errors": [{"field": e.field, "code": e.code, "message": e.message} for e in self.errors],
        }


class Conflict(DomainError):
    """Someone else changed the record since it was read; nothing was written."""

    status = 409

    def __init__(self, *, current_version: int, message: str | None = None) -> None:
        super().__init__(
            CommonError.STALE_VERSION,
            message or _("This record was changed by someone else. Reload it and try again."),
            field="version",
        )
        self.current_version = current_version


class NotFound(DomainError):
    """Also used for records of another workspace or outside the user's scope: existence is not revealed."""

    status = 404

    def __init__(self, message: str | None = None) -> None:
        super().__init__(CommonError.NOT_FOUND, message or _("Not found."))


class Forbidden(DomainError):
    status = 403

    def __init__(self, message: str | None = None) -> None:
        super().__init__(CommonError.FORBIDDEN, message or _("You are not allowed to do this."))
