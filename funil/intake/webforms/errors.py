"""Codes of every refusal the web-form channel gives, so the builder, the public endpoint and tests compare codes."""

from enum import StrEnum


class WebFormError(StrEnum):
    # The builder
    FIELD_UNKNOWN = "webform_field_unknown"
    FIELD_DUPLICATE = "webform_field_duplicate"
    FIELDS_EMPTY = "webform_fields_empty"
    FIELDS_NO_IDENTITY = "webform_fields_no_identity"
    FIELDS_TOO_MANY = "webform_fields_too_many"
    FIELDS_MISSING_REQUIRED = "webform_fields_missing_required"
    LABEL_TOO_LONG = "webform_label_too_long"
    TEXT_TOO_LONG = "webform_text_too_long"
    CONSENT_TEXT_REQUIRED = "webform_consent_text_required"
    ORIGIN_INVALID = "webform_origin_invalid"
    REDIRECT_INVALID = "webform_redirect_invalid"
    NUMBER_INVALID = "webform_number_invalid"
    # A submission
    REQUIRED = "required"
    VALUE_INVALID = "invalid"
    CONSENT_REQUIRED = "consent_required"
    FORM_INACTIVE = "webform_inactive"
    TOKEN_INVALID = "webform_token_invalid"
    RATE_LIMITED = "rate_limited"
    ORIGIN_REFUSED = "origin_refused"
    PAYLOAD_TOO_LARGE = "payload_too_large"
    MALFORMED = "malformed"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
