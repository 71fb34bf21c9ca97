"""Fixtures shared by every test module."""

from tests.postgres import postgres_storage

__all__ = ["postgres_storage"]
