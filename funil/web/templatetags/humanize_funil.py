from datetime import datetime
from decimal import Decimal

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def thousands(value: int | None) -> str:
    return f"{value or 0:,}".replace(",", "\u202f")


@register.filter
def money(value: Decimal | None, currency: str = "") -> str:
    amount = f"{(value or Decimal(0)):,.0f}".replace(",", "\u202f")
    return f"{currency} {amount}".strip()


@register.filter
def is_past(value: datetime | None) -> bool:
    return value is not None and value < timezone.now()


@register.filter
def get_item(mapping: dict[str, object], key: str) -> object:
    return mapping.get(key, "")
