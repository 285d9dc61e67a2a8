from enum import StrEnum


class CatalogError(StrEnum):
    SKU_TAKEN = "product_sku_taken"
    DATE_INVALID = "date_invalid"
    DATES_ORDER = "campaign_dates_order"
    SOURCE_KIND_INVALID = "source_kind_invalid"
    ENTITY_INVALID = "custom_field_entity_invalid"
    TYPE_INVALID = "custom_field_type_invalid"
    CHOICES_REQUIRED = "custom_field_choices_required"
    CHOICES_INVALID = "custom_field_choices_invalid"
    CHOICE_IN_USE = "custom_field_choice_in_use"
    QUALIFIER_LEADS_ONLY = "custom_field_qualifier_leads_only"
    POSITION_INVALID = "position_invalid"
    FIELD_IN_USE = "custom_field_in_use"
    FIELD_IN_GATE = "custom_field_in_stage_gate"
