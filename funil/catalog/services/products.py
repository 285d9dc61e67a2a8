"""Products: what deals are made of and leads show interest in. Retired, never deleted: deal lines keep them."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from funil.accounts.access import Actor, require
from funil.accounts.audit import setting_changed
from funil.accounts.settings_kit import read_flag, read_name, reader_for, refuse_clash, refuse_unknown, save_changes

from ..errors import CatalogError
from ..models import Product

PRODUCT_FIELDS = ("name", "sku", "price", "currency", "active")


def product_create(*, actor: Actor, data: dict[str, Any]) -> Product:
    require(actor, "product", "create")
    refuse_unknown(data, PRODUCT_FIELDS)
    values = _read(actor, {"price": 0, "currency": "", "active": True, **data}, None)
    with transaction.atomic():
        with refuse_clash("sku"):
            product = Product.objects.create(workspace=actor.workspace, **values)
        setting_changed(actor, area="product", action="created", obj=product, changes=values)
    return product


def product_update(*, actor: Actor, product: Product, changes: dict[str, Any]) -> Product:
    require(actor, "product", "update", product)
    refuse_unknown(changes, PRODUCT_FIELDS)
    values = _read(actor, changes, product)
    with transaction.atomic():
        product = Product.objects.select_for_update().get(pk=product.pk)
        save_changes(actor, product, values, area="product", unique_field="sku")
    return product


def _read(actor: Actor, data: dict[str, Any], product: Product | None) -> dict[str, Any]:
    reader = reader_for(actor)
    for key, value in data.items():
        if key == "name":
            read_name(reader, value, max_length=200)
        elif key == "sku":
            reader.text(key, value, 64)
            _refuse_taken_sku(actor, reader.values.get("sku", ""), product, reader)
        elif key == "price":
            reader.amount(key, value if value not in (None, "") else 0)
        elif key == "currency":
            reader.currency(key, value or actor.workspace.currency)
        elif key == "active":
            read_flag(reader, key, value)
    if product is None and "name" not in reader.values:
        read_name(reader, "", max_length=200)
    reader.raise_if_errors()
    return reader.values


def _refuse_taken_sku(actor: Actor, sku: str, product: Product | None, reader: Any) -> None:
    if not sku:
        return
    taken = Product.objects.filter(workspace=actor.workspace, sku__iexact=sku)
    if product is not None:
        taken = taken.exclude(pk=product.pk)
    if taken.exists():
        reader.fail("sku", CatalogError.SKU_TAKEN, _("Another product has the code %(sku)s.") % {"sku": sku})
