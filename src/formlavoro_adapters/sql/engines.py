"""Engines for SQLite (the embedded default) and PostgreSQL, configured for formlavoro."""

from __future__ import annotations

import pathlib
import sqlite3
import time
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine

from formlavoro_adapters.sql.session import EXCLUSIVE, SESSION
from formlavoro_core.errors import ConfigurationError

__all__ = ["POOL_RECYCLE_SECONDS", "SYNCHRONOUS_MODES", "postgres_engine", "sqlite_engine"]

SYNCHRONOUS_MODES = frozenset({"OFF", "NORMAL", "FULL", "EXTRA"})


_SQLITE_BUSY = 5


def _to_wal(cursor: sqlite3.Cursor, busy_timeout_ms: int) -> None:
    """Put the file in WAL mode, trying again while other connections do it at once.

    Switching a new file to WAL needs it alone. When several connections switch it at
    the same moment (processes starting together on a new database), SQLite refuses
    all but one at once, without waiting in its busy handler (each holds a lock the
    others wait for); the refused ones try again, from 1 ms to 50 ms apart, for up to
    the busy timeout. A file already in WAL mode takes the first try.
    """
    deadline = time.monotonic() + busy_timeout_ms / 1000
    pause = 0.001
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            code = getattr(exc, "sqlite_errorcode", None)
            if code is None or code & 0xFF != _SQLITE_BUSY or time.monotonic() >= deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.05)


def sqlite_engine(
    path: str | pathlib.Path,
    *,
    synchronous: str = "FULL",
    busy_timeout_ms: int = 10_000,
    mmap_mb: int = 0,
) -> Engine:
    """An engine on the SQLite file ``path``, created when missing.

    Every connection runs in WAL mode (readers never wait for the writer), with foreign
    keys on and a busy timeout. ``synchronous=FULL`` (the default) makes every commit
    durable across power loss: the WAL is synced at each commit. ``NORMAL`` is faster
    and survives crashes of the process but may lose the last commits on power loss.
    ``engine.begin()`` begins deferred (``BEGIN IMMEDIATE`` with the
    ``formlavoro_exclusive`` execution option); a unit of work reads outside any
    transaction and begins ``BEGIN IMMEDIATE`` at its first write, so that writers wait
    their turn for the lock rather than being refused (see ``SqlSession``).

    ``mmap_mb`` maps up to that many MiB of the file into memory for reading
    (``PRAGMA mmap_size``): a read then costs no system call per page beyond SQLite's
    page cache of 2 MiB per connection. Searches that visit pages all over a large
    file (text searches over a million offers) gain about a third; the mapped pages
    count in the process's resident memory, as the operating system's file cache.
    0, the default, maps nothing.
    """
    if isinstance(mmap_mb, bool) or not isinstance(mmap_mb, int) or mmap_mb < 0:
        raise ConfigurationError("SQLite mmap_mb must be a whole number of MiB, 0 or more")
    mode = synchronous.upper()
    if mode not in SYNCHRONOUS_MODES:
        raise ConfigurationError(
            f"SQLite synchronous mode must be one of {sorted(SYNCHRONOUS_MODES)}"
        )
    if str(path).strip() in {"", ".", ":memory:"}:
        raise ConfigurationError("storage: SQLite needs a file path (sqlite:///portal.db)")
    file = pathlib.Path(path)
    if file.parent and not file.parent.exists():
        raise ConfigurationError(f"storage: the folder {file.parent} does not exist")
    engine = create_engine(f"sqlite+pysqlite:///{file}")

    @event.listens_for(engine, "connect")
    def configure(connection: sqlite3.Connection, _record: Any) -> None:
        connection.isolation_level = None  # transactions are begun below, explicitly
        cursor = connection.cursor()
        # The busy timeout first: switching a new file to WAL waits for other connections.
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        _to_wal(cursor, busy_timeout_ms)
        cursor.execute(f"PRAGMA synchronous={mode}")
        cursor.execute("PRAGMA foreign_keys=ON")
        # SEC-4: deleted rows are overwritten with zeros, so an erasure leaves no bytes.
        cursor.execute("PRAGMA secure_delete=ON")
        if mmap_mb:
            cursor.execute(f"PRAGMA mmap_size={mmap_mb * 1024 * 1024}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def begin(connection: Any) -> None:
        if connection.info.get(SESSION, False):
            return  # a unit of work begins its transaction itself, at its first write
        options = connection.get_execution_options()
        # Straight to the driver: a BEGIN needs no statement machinery.
        exclusive = options.get(EXCLUSIVE, False)
        connection.connection.dbapi_connection.execute("BEGIN IMMEDIATE" if exclusive else "BEGIN")

    return engine


POOL_RECYCLE_SECONDS = 1_800
"""PostgreSQL connections older than this are replaced rather than reused (before a
server or a proxy in between drops them for being idle)."""


def postgres_engine(url: str, *, schema: str | None = None) -> Engine:
    """An engine on PostgreSQL through psycopg 3; ``schema`` sets the search path.

    Connections are in autocommit: a read alone is one round trip, with no ``BEGIN``
    before it nor ``ROLLBACK`` after. Transactions are begun explicitly (``BEGIN``):
    by ``engine.begin()`` and ``connection.begin()``, and by a unit of work at its
    first write. Connections are not pinged before each use: they are recycled after
    :data:`POOL_RECYCLE_SECONDS`, and a unit of work sends a read again on a new
    connection when the server had dropped its own.

    ``url`` is ``postgresql://user@host:port/database``; a ``schema`` query parameter
    in it is read too.
    """
    parts = urlsplit(url)
    if parts.scheme not in {"postgresql", "postgres", "postgresql+psycopg"}:
        raise ConfigurationError(f"storage: not a PostgreSQL URL: {parts.scheme}://…")
    query = parse_qs(parts.query)
    in_url = query.pop("schema", [None])[0]
    schema = schema or in_url
    rest = urlencode(query, doseq=True)
    target = f"postgresql+psycopg://{parts.netloc}{parts.path}" + (f"?{rest}" if rest else "")
    connect_args: dict[str, Any] = {}
    if schema:
        if not schema.replace("_", "").isalnum():
            raise ConfigurationError(f"storage: not a valid schema name: {schema!r}")
        connect_args["options"] = f"-csearch_path={schema}"
    try:
        engine = create_engine(
            target,
            connect_args=connect_args,
            isolation_level="AUTOCOMMIT",
            pool_recycle=POOL_RECYCLE_SECONDS,
        )
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise ConfigurationError("PostgreSQL storage needs formlavoro[postgres]") from exc

    @event.listens_for(engine, "begin")
    def begin(connection: Any) -> None:
        options = connection.get_execution_options()
        if connection.info.get(SESSION, False) or options.get("isolation_level") == "AUTOCOMMIT":
            return  # a unit of work begins its own; an autocommit connection none
        connection.connection.driver_connection.execute("BEGIN")

    return engine
