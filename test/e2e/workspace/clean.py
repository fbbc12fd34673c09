"""Nothing here for Python Pattern Hints to point out."""


def total(prices):
    return sum(price * 1.2 for price in prices)
