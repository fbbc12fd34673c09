"""Database access for the order service."""

import sqlite3

from settings import Settings


class SingletonMeta(type):
    _instances = {}

    def __call__(cls, *args, **kwargs):
        if cls not in cls._instances:
            cls._instances[cls] = super().__call__(*args, **kwargs)
        return cls._instances[cls]


class Database(metaclass=SingletonMeta):
    def __init__(self, url=None):
        url = url or Settings().database_url
        self.connection = sqlite3.connect(url.removeprefix("sqlite:///"))

    def fetch_all(self, query, *params):
        return self.connection.execute(query, params).fetchall()


class ConnectionPool:
    """One connection per database URL: a cache keyed by value, not a singleton."""

    def __init__(self):
        self._connections = {}

    def get(self, url):
        if url not in self._connections:
            self._connections[url] = sqlite3.connect(url.removeprefix("sqlite:///"))
        return self._connections[url]
