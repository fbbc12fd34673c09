"""Summaries of orders for the daily report."""

from dataclasses import dataclass

from decorators import timed


@dataclass(frozen=True)
class Line:
    sku: str
    quantity: int
    unit_price: float


@timed
def order_total(lines):
    return sum([line.quantity * line.unit_price for line in lines])


def has_backorders(lines, stock):
    return any([stock.get(line.sku, 0) < line.quantity for line in lines])


def all_shipped(lines, shipped_skus):
    return all([line.sku in shipped_skus for line in lines])


def largest_quantity(lines):
    return max([line.quantity for line in lines], default=0)


def skus_for_picking(lines):
    return sorted([line.sku.upper() for line in lines])


def price_range(lines):
    # The list is used twice, so building it is right.
    prices = [line.unit_price for line in lines]
    return min(prices, default=0.0), max(prices, default=0.0)


def average_quantity(lines):
    return sum(line.quantity for line in lines) / max(len(lines), 1)


def cheapest_price(lines):
    # Kept as a list on purpose for the benchmark below.
    return min([line.unit_price for line in lines])  # noqa: PH502
