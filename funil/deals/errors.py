from enum import StrEnum


class DealError(StrEnum):
    TITLE_REQUIRED = "deal_title_required"
    FIELD_UNKNOWN = "field_unknown"
    FIELD_READ_ONLY = "field_read_only"
    STAGE_NOT_IN_PIPELINE = "stage_not_in_pipeline"
    LOST_REASON_REQUIRED = "lost_reason_required"
    LOST_REASON_INVALID = "lost_reason_invalid"
    WON_AMOUNT_REQUIRED = "won_amount_required"
    CLOSED = "deal_closed"
    NO_PIPELINE = "no_pipeline"
    LINE_INVALID = "deal_line_invalid"
