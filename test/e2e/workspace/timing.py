"""Timing for slow calls."""
import time


def timed(func):
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        result = func(*args, **kwargs)
        print(f"{func.__name__} took {time.perf_counter() - started:.3f} s")
        return result

    return wrapper
