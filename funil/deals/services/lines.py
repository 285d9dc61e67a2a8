"""A deal's product lines: read, and replaced as a whole by deal_set_lines."""

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from funil.accounts.access import Actor, require
from funil.activities import timeline
from funil.activities.models import Kind
from funil.catalog.models import Product
from funil.core.errors import FieldError, ValidationFailed
from funil.core.normalize import MAX_AMOUNT, normalize_amount
from funil.core.writes import lock_for_write, plain, save_versioned
from funil.pipelines.gates import check_gate

from ..errors import DealError
from ..models import Deal, DealLine, DealStatus


def deal_set_lines(*, actor: Actor, deal: Deal, expected_version: int, lines: list[dict[str, Any]]) -> Deal:
    """Replace the deal's product lines; while it has lines, its amount is their total (edit the amount after
    to agree a different one). The timeline keeps the old and new lines."""
    require(actor, "deal", "update", deal)
    parsed = read_lines(actor, lines, frozenset(deal.lines.values_list("product_id", flat=True)))
    with transaction.atomic():
        deal = lock_for_write(deal, expected_version)
        old = [_label(ln.product, ln.quantity, ln.unit_price) for ln in deal.lines.select_related("product")]
        new = [_label(product, quantity, price) for product, quantity, price in parsed]
        if old == new:
            return deal
        deal.lines.all().delete()
        DealLine.objects.bulk_create(
            DealLine(workspace=deal.workspace, deal=deal, product=product, quantity=quantity, unit_price=price)
            for product, quantity, price in parsed
        )
        changes: dict[str, list[Any]] = {"lines": ["; ".join(old) or None, "; ".join(new) or None]}
        fields = []
        total = sum((q * p for _, q, p in parsed), Decimal(0)).quantize(Decimal("0.01"))
        if parsed and total != deal.amount:
            changes["amount"] = [plain(deal.amount), plain(total)]
            deal.amount = total
            fields.append("amount")
        if deal.status == DealStatus.WON and deal.amount <= 0:
            raise ValidationFailed.single(
                "lines", DealError.WON_AMOUNT_REQUIRED, _("A won deal keeps an amount above 0.")
            )
        check_gate(deal, deal.stage)
        save_versioned(deal, fields)
        timeline.record(
            actor=actor,
            target=deal,
            kind=Kind.FIELD_CHANGE,
            subject=f"Changed {', '.join(sorted(changes))}",
            payload={"changes": changes, "version": deal.version},
        )
    return deal


def _label(product: Product, quantity: Decimal, price: Decimal) -> str:
    return f"{product.name} x {quantity.normalize():f} @ {price}"


def read_lines(actor: Actor, lines: Any, held: frozenset[int] = frozenset()) -> list[tuple[Product, Decimal, Decimal]]:
    """Each line needs a product of this workspace, a quantity above 0 and a price (the product's by default).
    A retired product is refused unless the deal already `held` it."""
    if not isinstance(lines, list | tuple):
        raise ValidationFailed.single("lines", DealError.LINE_INVALID, _("Lines are a list."))
    parsed, errors = [], []
    for i, line in enumerate(lines):
        try:
            parsed.append(_read_line(actor, line, held))
        except RetiredProduct as exc:
            message = _("%(name)s is retired; pick another.") % {"name": exc.product}
            errors.append(FieldError(f"lines.{i}", "reference_retired", message))
        except (ValueError, TypeError, ArithmeticError, KeyError, Product.DoesNotExist, ValidationFailed):
            message = _("Each line needs a product, a quantity above 0 and a price.")
            errors.append(FieldError(f"lines.{i}", DealError.LINE_INVALID, message))
    if errors:
        raise ValidationFailed(errors)
    total = sum((q * p for _, q, p in parsed), Decimal(0))
    if total > MAX_AMOUNT:
        raise ValidationFailed.single(
            "lines", DealError.LINE_INVALID, _("The lines add up to more than %(max)s.") % {"max": MAX_AMOUNT}
        )
    return parsed


class RetiredProduct(Exception):
    def __init__(self, product: Product) -> None:
        self.product = product


def _read_line(actor: Actor, line: Any, held: frozenset[int]) -> tuple[Product, Decimal, Decimal]:
    product = Product.objects.get(workspace=actor.workspace, pk=int(line["product"]))
    if not product.active and product.pk not in held:
        raise RetiredProduct(product)
    quantity = Decimal(str(line.get("quantity", 1))).quantize(Decimal("0.01"))
    raw_price = line.get("unit_price")
    price = normalize_amount(raw_price) if raw_price not in (None, "") else product.price
    if not quantity.is_finite() or not Decimal(0) < quantity < Decimal(10) ** 10:
        raise ValueError("quantity")
    return product, quantity, price
