from enum import StrEnum


class LeadError(StrEnum):
    EMPTY = "lead_empty"
    FIELD_UNKNOWN = "field_unknown"
    FIELD_READ_ONLY = "field_read_only"
    CHOICE_INVALID = "choice_invalid"
    REFERENCE_INVALID = "reference_invalid"
    STAGE_NOT_IN_PIPELINE = "stage_not_in_pipeline"
    STAGE_GATE = "stage_gate"
    JUNK_REASON_REQUIRED = "junk_reason_required"
    JUNK_REASON_INVALID = "junk_reason_invalid"
    CONVERSION_REQUIRED = "conversion_required"
    CLOSED = "lead_closed"
    OWNER_NOT_MEMBER = "owner_not_member"
    NO_PIPELINE = "no_pipeline"
    SIMPLE_MODE = "leads_off_in_simple_mode"
    NOT_CONVERTED = "lead_not_converted"
    CONVERSION_CHANGED = "conversion_changed"
