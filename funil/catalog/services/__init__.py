"""Every write to the workspace's catalog: products, lead sources, campaigns and custom field definitions."""

from .campaigns import campaign_create, campaign_update
from .fields import custom_field_create, custom_field_delete, custom_field_set_active, custom_field_update
from .products import product_create, product_update
from .sources import source_create, source_update

__all__ = [
    "campaign_create",
    "campaign_update",
    "custom_field_create",
    "custom_field_delete",
    "custom_field_set_active",
    "custom_field_update",
    "product_create",
    "product_update",
    "source_create",
    "source_update",
]
