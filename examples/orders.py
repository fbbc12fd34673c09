"""Orders and their line items, as the order service models them."""

import functools
import uuid
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


class Money:
    def __init__(self, amount, currency):
        self.amount = amount
        self.currency = currency

    def __repr__(self):
        return f"Money({self.amount!r}, {self.currency!r})"


@dataclass
class Order:
    customer: str
    items: list = []
    order_id: str = uuid.uuid4()
    placed_at: datetime = datetime.now()


class Customer:
    def __init__(self, name):
        self._name = name

    def get_name(self):
        return self._name

    def set_name(self, value):
        self._name = value


class PriceSource(ABC):
    @abstractmethod
    @property
    def currency(self):
        ...


class Discount(Protocol):
    def apply(self, total: float) -> float: ...


def total_after(discounts, total):
    for discount in discounts:
        if isinstance(discount, Discount):
            total = discount.apply(total)
    return total


class AuditMixin:
    def __init__(self, *args, **kwargs):
        self.changes = []


class TrackedOrder(AuditMixin, Order):
    pass


class Exporter:
    def export(self, orders):
        raise NotImplementedError

    def file_suffix(self):
        raise NotImplementedError


class CsvExporter(Exporter):
    def export(self, orders):
        return "\n".join(",".join((o.customer, o.order_id)) for o in orders)

    def file_suffix(self):
        return ".csv"


@functools.lru_cache(maxsize=None)
def exchange_rate(source, target):
    return 1.0 if source == target else 0.9


class Report:
    @functools.lru_cache
    def rows(self, month):
        return [month]
