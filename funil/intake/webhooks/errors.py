"""Codes of every refusal an integration or one of its endpoints gives."""

from enum import StrEnum

from funil.core.errors import ValidationFailed


class IntegrationError(StrEnum):
    KIND_INVALID = "integration_kind_invalid"
    SETTING_REQUIRED = "integration_setting_required"
    SETTING_INVALID = "integration_setting_invalid"
    NO_SECRET = "integration_has_no_secret"


class DeliveryError(StrEnum):
    NOT_FOUND = "integration_not_found"
    SIGNATURE_INVALID = "signature_invalid"
    TOO_LARGE = "payload_too_large"
    TOO_MANY = "too_many_deliveries"
    MALFORMED = "payload_malformed"
    REQUIRED = "required"
    INVALID = "invalid"
    METHOD = "method_not_allowed"
    VERIFY_TOKEN = "verify_token_invalid"


class Malformed(ValidationFailed):
    """The payload cannot be read (not JSON, not RFC 822, a required part missing): 400, with the field at fault."""

    status = 400
