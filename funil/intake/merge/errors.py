from enum import StrEnum


class MergeError(StrEnum):
    NOTHING_TO_MERGE = "merge_nothing"
    SAME_LEAD = "merge_same_lead"
    TOO_MANY = "merge_too_many"
    CONVERTED = "merge_converted"
    CHOICE_UNKNOWN = "merge_choice_unknown"
    CHOICE_INVALID = "merge_choice_invalid"
    VERSION_REQUIRED = "merge_version_required"
    ALREADY_UNDONE = "merge_already_undone"
    CHANGED_SINCE = "merge_changed_since"
    SURVIVOR_MERGED = "merge_survivor_merged"
