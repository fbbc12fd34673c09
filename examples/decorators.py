"""Decorators shared by the order service: timing, retries and logging."""

import functools
import logging
import time


def timed(func):
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            elapsed = time.perf_counter() - started
            logging.getLogger(func.__module__).debug("%s took %.3fs", func.__qualname__, elapsed)

    return wrapper


def retry(times=3, exceptions=(ConnectionError, TimeoutError)):
    def decorate(func):
        def wrapper(*args, **kwargs):
            for attempt in range(1, times + 1):
                try:
                    return func(*args, **kwargs)
                except exceptions:
                    if attempt == times:
                        raise
                    time.sleep(0.1 * attempt)

        return wrapper

    return decorate


def logged(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        logging.getLogger(func.__module__).info("calling %s", func.__qualname__)
        return func(*args, **kwargs)

    return wrapper
