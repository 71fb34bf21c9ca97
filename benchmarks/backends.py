"""The storages the benchmarks run on, empty or kept between runs, and the portal over them.

``backend`` gives an empty storage of a kind (memory, a SQLite file, a PostgreSQL
schema), removed afterwards; the SQL engines record what their connections send, for
the raw replays. ``kept_backend`` gives a SQL storage that outlives the run.
"""

from __future__ import annotations

import argparse
import os
import pathlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from catalogue import Catalogue
from raw import record_on

from formlavoro_adapters import (
    InMemoryStorage,
    ScryptPasswordHasher,
    SettableClock,
    UuidIdGenerator,
    bootstrap,
)
from formlavoro_adapters.sql import SqlStorage, postgres_engine, sqlite_engine, upgrade
from formlavoro_core import Portal, PortalConfig
from formlavoro_core.ports import UnitOfWorkFactory

SIZES = {"S": 10_000, "M": 150_000, "L": 1_000_000}
DEFAULT_DSN = "postgresql://postgres@127.0.0.1:5432/test"


@contextmanager
def backend(
    name: str, folder: pathlib.Path, dsn: str, suffix: str = ""
) -> Iterator[UnitOfWorkFactory]:
    """An empty storage of the named kind, cleaned up afterwards (``suffix``: another).

    The SQL engines record what their connections send, for the raw replay.
    """
    if name == "memory":
        yield InMemoryStorage()
    elif name == "sqlite":
        engine = sqlite_engine(folder / f"bench{suffix}.db")
        record_on(engine)
        upgrade(engine)
        try:
            yield SqlStorage(engine)
        finally:
            engine.dispose()
    elif name == "postgres":
        schema = f"formlavoro_bench_{os.getpid()}{suffix}"
        admin = postgres_engine(dsn)
        with admin.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
            connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
        engine = postgres_engine(dsn, schema=schema)
        record_on(engine)
        upgrade(engine)
        try:
            yield SqlStorage(engine)
        finally:
            engine.dispose()
            with admin.begin() as connection:
                connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
            admin.dispose()
    else:
        raise SystemExit(f"unknown backend {name!r}")


def portal_on(storage: UnitOfWorkFactory, catalogue: Catalogue) -> Portal:
    """The public API over ``storage``, at the catalogue's moment."""
    import zoneinfo  # noqa: PLC0415

    return bootstrap(
        config=PortalConfig(timezone=zoneinfo.ZoneInfo("Europe/Rome")),
        storage=storage,
        clock=SettableClock(catalogue.now),
        ids=UuidIdGenerator(),
        passwords=ScryptPasswordHasher(log2_n=4),
        reference=catalogue.reference,
    )


@contextmanager
def kept_backend(
    name: str, args: argparse.Namespace, size: int
) -> Iterator[tuple[UnitOfWorkFactory, bool]]:
    """A SQL storage that outlives the run (``--keep``), and whether it is already loaded.

    SQLite: a file in the ``--keep`` folder; PostgreSQL: a schema named after the size
    and seed. Either counts as loaded when it holds ``size`` CVs and ``size`` offers, so
    an interrupted load is loaded again from empty.
    """
    tag = f"matching_{size}_{args.seed}"
    admin = postgres_engine(args.dsn) if name == "postgres" else None

    def opened(fresh: bool) -> Any:
        if name == "sqlite":
            path = pathlib.Path(args.keep) / f"{tag}.db"
            path.parent.mkdir(parents=True, exist_ok=True)
            for leftover in (path, *path.parent.glob(f"{tag}.db-*")):
                if fresh:
                    leftover.unlink(missing_ok=True)
            return sqlite_engine(path)
        if admin is None:
            raise SystemExit(f"--keep needs a SQL backend, not {name!r}")
        with admin.begin() as connection:
            if fresh:
                connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS formlavoro_{tag} CASCADE")
            connection.exec_driver_sql(f"CREATE SCHEMA IF NOT EXISTS formlavoro_{tag}")
        return postgres_engine(args.dsn, schema=f"formlavoro_{tag}")

    engine = opened(fresh=False)
    upgrade(engine)
    with engine.connect() as connection:
        counts = [
            connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one()  # noqa: S608
            for table in ("cvs", "offers")
        ]
    loaded = counts == [size, size]
    if not loaded and any(counts):
        engine.dispose()
        engine = opened(fresh=True)
        upgrade(engine)
    record_on(engine)
    try:
        yield SqlStorage(engine), loaded
    finally:
        engine.dispose()
        if admin is not None:
            admin.dispose()
