"""A portal on each storage, for the use-case tests that must answer alike on all three.

``portal_world(kind, request, folder)`` builds a :class:`~tests.support.World` on the
in-memory storage, on a fresh SQLite file in ``folder``, or on the session's PostgreSQL
schema emptied (skipped without a server, as :mod:`tests.postgres` says).
"""

from __future__ import annotations

import datetime as dt
import pathlib

import pytest

from formlavoro_adapters.sql import SqlStorage, sqlite_storage
from tests.adapters.sql.workers.scene import sql_world
from tests.postgres import emptied
from tests.support import START, World, world

__all__ = ["KINDS", "portal_world"]

KINDS = ("memory", "sqlite", "postgresql")


def portal_world(
    kind: str, request: pytest.FixtureRequest, folder: pathlib.Path, *, start: dt.datetime = START
) -> World:
    """A fresh portal on the storage ``kind`` names, its clock at ``start``."""
    if kind == "memory":
        return world(start=start)
    if kind == "sqlite":
        storage = sqlite_storage(folder / "portal.db", synchronous="OFF")
        request.addfinalizer(storage.dispose)
    else:
        shared: SqlStorage = request.getfixturevalue("postgres_storage")
        storage = emptied(shared)
    return sql_world(storage, folder / "files", start=start)
