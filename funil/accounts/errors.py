from enum import StrEnum


class AccountError(StrEnum):
    NAME_REQUIRED = "name_required"
    NAME_TAKEN = "name_taken"
    ROLE_INVALID = "role_invalid"
    TEAM_INVALID = "team_invalid"
    MEMBER_INVALID = "member_invalid"
    LAST_ADMIN = "last_admin"
    ALREADY_MEMBER = "already_member"
    LANGUAGE_INVALID = "language_invalid"
    TIME_ZONE_INVALID = "time_zone_invalid"
    CRM_MODE_INVALID = "crm_mode_invalid"
    INTAKE_POLICY_INVALID = "intake_policy_invalid"
    API_KEY_REVOKED = "api_key_revoked"
    FIELD_UNKNOWN = "field_unknown"
    NOT_PENDING = "invitation_not_pending"
