"""Choices offered by the filter bars (sources, campaigns, products), read once per page."""

from typing import Any

from funil.accounts.access import Actor
from funil.catalog.models import Campaign, Product, Source


def filter_choices(actor: Actor) -> dict[str, Any]:
    ws = actor.workspace
    return {
        "sources": list(Source.objects.filter(workspace=ws, active=True).values_list("pk", "name")),
        "campaigns": list(Campaign.objects.filter(workspace=ws).values_list("pk", "name")),
        "products": list(Product.objects.filter(workspace=ws, active=True).values_list("pk", "name")),
    }
