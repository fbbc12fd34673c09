"""Application settings, read once from the environment."""

import os


class Settings:
    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
            cls._instance.database_url = os.environ.get("DATABASE_URL", "sqlite:///orders.db")
            cls._instance.debug = os.environ.get("DEBUG") == "1"
        return cls._instance
