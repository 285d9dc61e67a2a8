from enum import StrEnum


class ContactError(StrEnum):
    FIELD_UNKNOWN = "field_unknown"
    FIELD_READ_ONLY = "field_read_only"
    EMPTY = "contact_empty"
    COMPANY_NAME_REQUIRED = "company_name_required"
    SIZE_INVALID = "invalid"
