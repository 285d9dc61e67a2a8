from enum import StrEnum


class PipelineError(StrEnum):
    KIND_INVALID = "pipeline_kind_invalid"
    MEANING_INVALID = "stage_meaning_invalid"
    COLOR_INVALID = "stage_color_invalid"
    PROBABILITY_INVALID = "stage_probability_invalid"
    GATE_FIELD_INVALID = "stage_gate_field_invalid"
    STAGE_IN_USE = "stage_in_use"
    NEEDS_OPEN_STAGE = "pipeline_needs_open_stage"
    NEEDS_CLOSING_STAGE = "pipeline_needs_closing_stage"
    DIRECTION_INVALID = "direction_invalid"
    REASON_KIND_INVALID = "reason_kind_invalid"
    REASON_LAST_ACTIVE = "reason_last_active"
