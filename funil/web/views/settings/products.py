"""Products: list and add, edit one (name, code, price, currency, active). Managers may edit them too."""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from funil.accounts.access import Actor, can, load
from funil.catalog.models import Product
from funil.catalog.selectors import products as product_list
from funil.catalog.services import product_create, product_update
from funil.core.errors import DomainError

from ...doors import Request
from .common import context, posted_flag, refused, saved, settings_view

FIELDS = ("name", "sku", "price", "currency")
LIST_TEMPLATE = "web/settings/products.html"
EDIT_TEMPLATE = "web/settings/product.html"


def _url() -> str:
    return reverse("web:settings_products")


def _data(request: Request) -> dict[str, Any]:
    return {**{name: request.POST.get(name, "") for name in FIELDS}, "active": posted_flag(request, "active")}


@settings_view
def products(request: Request, actor: Actor) -> HttpResponse:
    ctx = context(
        actor,
        "products",
        products=product_list(actor),
        form={"currency": actor.workspace.currency, "active": True},
        errors={},
        can_edit=can(actor, "product", "create"),
    )
    if request.method == "POST":
        try:
            product = product_create(actor=actor, data=_data(request))
        except DomainError as exc:
            return refused(request, LIST_TEMPLATE, ctx, exc, shown=FIELDS, form=_data(request))
        return saved(request, _url(), _("Product %(name)s added.") % {"name": product.name})
    return render(request, LIST_TEMPLATE, ctx)


@settings_view
def edit(request: Request, actor: Actor, pk: int) -> HttpResponse:
    product = load(actor, Product, pk)
    ctx = context(
        actor,
        "products",
        product=product,
        form={name: getattr(product, name) for name in (*FIELDS, "active")},
        errors={},
        can_edit=can(actor, "product", "update", product),
    )
    if request.method == "POST":
        try:
            product_update(actor=actor, product=product, changes=_data(request))
        except DomainError as exc:
            return refused(request, EDIT_TEMPLATE, ctx, exc, shown=(*FIELDS, "active"), form=_data(request))
        return saved(request, _url(), _("Product %(name)s saved.") % {"name": product.name})
    return render(request, EDIT_TEMPLATE, ctx)
