"""SQL storage: SQLite (the embedded default) and PostgreSQL, one schema, one contract.

Needs the ``[sql]`` extra (SQLAlchemy); PostgreSQL also ``[postgres]`` (psycopg 3).

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> storage = sqlite_storage(folder / "portal.db")
>>> with storage() as uow:
...     uow.accounts.by_username("nobody") is None
True
"""

from __future__ import annotations

import pathlib

from sqlalchemy.exc import OperationalError

from formlavoro_adapters.sql.engines import postgres_engine, sqlite_engine
from formlavoro_adapters.sql.migrations import current_version, head, require_head, upgrade
from formlavoro_adapters.sql.storage import SqlStorage, SqlUnitOfWork
from formlavoro_core.errors import StorageError

__all__ = [
    "SqlStorage",
    "SqlUnitOfWork",
    "current_version",
    "head",
    "postgres_engine",
    "postgres_storage",
    "require_head",
    "sqlite_engine",
    "sqlite_storage",
    "upgrade",
]


def sqlite_storage(
    path: str | pathlib.Path,
    *,
    synchronous: str = "FULL",
    migrate: bool = True,
    mmap_mb: int = 0,
) -> SqlStorage:
    """Storage in the SQLite file ``path``; ``migrate`` brings its schema up to date first.

    ``mmap_mb``: how much of the file SQLite reads through memory mapping (see
    :func:`sqlite_engine`).
    """
    engine = sqlite_engine(path, synchronous=synchronous, mmap_mb=mmap_mb)
    try:
        if migrate:
            upgrade(engine)
        require_head(engine)
    except BaseException:
        engine.dispose()  # refused: nothing is left open
        raise
    return SqlStorage(engine)


def postgres_storage(url: str, *, schema: str | None = None, migrate: bool = False) -> SqlStorage:
    """Storage in PostgreSQL at ``url`` (``postgresql://…``), in ``schema`` if given."""
    engine = postgres_engine(url, schema=schema)
    try:
        if migrate:
            upgrade(engine)
        require_head(engine)
    except OperationalError as exc:
        engine.dispose()
        raise StorageError(f"cannot use PostgreSQL at {engine.url!r}: {exc.orig}") from exc
    except BaseException:
        engine.dispose()  # refused: nothing is left open
        raise
    return SqlStorage(engine)
