from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import get_language

register = template.Library()

NBSP = "\u00a0"  # keeps a currency and its amount on one line


@dataclass(frozen=True)
class _MoneyStyle:
    symbols: dict[str, str]  # the currencies people writing this language show by symbol; others show their ISO code
    before: bool  # symbol or code before the amount ("R$ 10") or after it ("10 €")
    symbol_space: bool  # a space between a symbol and the amount ("R$ 10") or none ("$10"); codes always get one


_STYLES = {
    "pt": _MoneyStyle(symbols={"BRL": "R$"}, before=True, symbol_space=True),
    "es": _MoneyStyle(symbols={"EUR": "€"}, before=False, symbol_space=True),
    "en": _MoneyStyle(symbols={"USD": "$"}, before=True, symbol_space=False),
}


def _style() -> _MoneyStyle:
    language = (get_language() or "en").lower()
    return _STYLES.get(language.split("-")[0], _STYLES["en"])


@register.filter
def thousands(value: int | None) -> str:
    """A count with the active language's grouping: 1,234 (en), 1.234 (pt-br and es)."""
    return str(number_format(value or 0, use_l10n=True, force_grouping=True))


@register.filter
def money(value: Decimal | int | float | None, currency: str = "") -> str:
    """A whole amount (board sums, totals) in the active language's style: $1,234 (en), R$ 1.234 (pt-br), 1.234 € (es).

    Each language shows its own currency by symbol and any other by ISO code: BRL 1,234 (en), 1.234 USD (es)."""
    return _money(value, currency, places=0)


@register.filter
def money_exact(value: Decimal | int | float | None, currency: str = "") -> str:
    """An amount with its cents: $1,234.56 (en), R$ 1.234,56 (pt-br), 1.234,56 € (es)."""
    return _money(value, currency, places=2)


def _money(value: Decimal | int | float | None, currency: str, *, places: int) -> str:
    amount = Decimal(str(value or 0)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    digits = str(number_format(abs(amount), places, use_l10n=True, force_grouping=True))
    currency = (currency or "").strip().upper()
    if not currency:
        return sign + digits
    style = _style()
    symbol = style.symbols.get(currency)
    mark = symbol or currency
    space = NBSP if symbol is None or style.symbol_space else ""
    if style.before:
        return f"{sign}{mark}{space}{digits}"
    return f"{sign}{digits}{space}{mark}"


@register.filter
def is_past(value: datetime | None) -> bool:
    return value is not None and value < timezone.now()


@register.filter
def get_item(mapping: dict[str, object], key: str) -> object:
    return mapping.get(key, "")


@register.filter
def label(value: object) -> str:
    """A default stage, reason, source or pipeline name in the reader's language; a workspace's own, as is."""
    from django.utils.translation import gettext

    from funil.pipelines.defaults import DEFAULT_LABELS

    text = str(value) if value is not None else ""
    return gettext(text) if text in DEFAULT_LABELS else text


@register.filter
def timeline_subject(activity: object) -> str:
    """A timeline row's subject in the reader's language when the system wrote it (see web.timeline_text)."""
    from funil.web.timeline_text import shown_subject

    return shown_subject(str(getattr(activity, "kind", "")), str(getattr(activity, "subject", "") or ""))
