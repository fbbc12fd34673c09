"""Stock levels, written the way the hints recommend: nothing here should be flagged."""

import functools
from dataclasses import dataclass, field


@dataclass
class Stock:
    levels: dict[str, int] = field(default_factory=dict)

    def receive(self, sku, quantity):
        self.levels[sku] = self.levels.get(sku, 0) + quantity

    def total_units(self):
        return sum(self.levels.values())

    def running_low(self, threshold=5):
        return sorted(sku for sku, level in self.levels.items() if level < threshold)

    def any_empty(self):
        return any(level == 0 for level in self.levels.values())


# The module is imported once, so this instance is already the one shared object.
stock = Stock()


class WarehouseClient:
    def __init__(self, base_url="https://warehouse.example.com"):
        self.base_url = base_url


@functools.cache
def warehouse_client():
    return WarehouseClient()


def counted(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        wrapper.calls += 1
        return func(*args, **kwargs)

    wrapper.calls = 0
    return wrapper


class Plugin:
    registry = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        Plugin.registry[cls.__name__.lower()] = cls
