"""Portals on every storage, with the ids ``bootstrap`` makes by default (UUIDs).

Tests that must give the same answers on memory, SQLite and PostgreSQL build their
portal here; the ids are the real ones, so keys made of two ids are as long as in
production (point 18).
"""

from __future__ import annotations

import pathlib
from collections.abc import Iterator
from contextlib import contextmanager

from formlavoro_adapters import (
    InMemoryFileStore,
    InMemoryStorage,
    RecordingMailer,
    ScryptPasswordHasher,
    SettableClock,
    UuidIdGenerator,
    bootstrap,
)
from formlavoro_adapters.sql import sqlite_storage
from formlavoro_core.config import PortalConfig
from formlavoro_core.ports import UnitOfWorkFactory
from tests.postgres import create_schema, drop_schema, migrated_storage, require_server
from tests.support import ROME, START, World, reference

__all__ = ["STORAGES", "storage_of", "world_on"]

STORAGES = ("memory", "sqlite", "postgres")


@contextmanager
def storage_of(kind: str, folder: pathlib.Path) -> Iterator[UnitOfWorkFactory]:
    """New, empty storage of ``kind``: a SQLite file in ``folder``, a PostgreSQL schema."""
    if kind == "memory":
        yield InMemoryStorage()
        return
    if kind == "sqlite":
        storage = sqlite_storage(folder / "portal.db")
        try:
            yield storage
        finally:
            storage.dispose()
        return
    require_server()
    schema = create_schema()
    storage = migrated_storage(schema)
    try:
        yield storage
    finally:
        storage.dispose()
        drop_schema(schema)


def world_on(storage: UnitOfWorkFactory) -> World:
    """A portal on ``storage`` with UUID ids, at the tests' start time."""
    clock = SettableClock(START)
    mailer, files = RecordingMailer(), InMemoryFileStore()
    portal = bootstrap(
        config=PortalConfig(timezone=ROME),
        storage=storage,
        clock=clock,
        ids=UuidIdGenerator(),
        passwords=ScryptPasswordHasher(log2_n=4),
        files=files,
        mailer=mailer,
        reference=reference(),
    )
    # The helpers of World drive the portal only; ``storage`` is typed for memory there.
    return World(portal=portal, clock=clock, storage=storage, mailer=mailer, files=files)  # type: ignore[arg-type]
