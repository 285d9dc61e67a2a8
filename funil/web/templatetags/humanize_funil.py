from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def thousands(value: int | None) -> str:
    return f"{value or 0:,}".replace(",", "\u202f")


@register.filter
def money(value: Decimal | None, currency: str = "") -> str:
    amount = f"{(value or Decimal(0)):,.0f}".replace(",", "\u202f")
    return f"{currency} {amount}".strip()
