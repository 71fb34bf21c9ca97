"""The same SQL sent raw: what the library's storage sends, recorded and replayed.

The SQL storages are built on driver connections whose cursors record every statement
they run (the text and its parameters, nothing else) while a recording is on. The
benchmark records what a call through ``Portal`` sends, then sends exactly those
statements again through a plain ``sqlite3`` or ``psycopg`` connection of its own on the
same database, and fetches every row: the cost of the SQL itself, with no library above
it. Transaction control (``BEGIN``, ``COMMIT``) is left out of the replay, as a program
reading with the driver alone would not send it.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NamedTuple

from sqlalchemy import event
from sqlalchemy.engine import Engine

__all__ = ["Cost", "RawConnection", "measure", "record_on", "recording"]

Statement = tuple[str, Any]
_TRANSACTION_WORDS = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


class Cost(NamedTuple):
    """What one call cost: wall-clock seconds and this thread's CPU seconds."""

    wall: float
    cpu: float


def measure(call: Callable[[], Any]) -> tuple[Any, Cost]:
    """Run ``call``; return its result and what it cost."""
    cpu, wall = time.thread_time(), time.perf_counter()
    result = call()
    return result, Cost(time.perf_counter() - wall, time.thread_time() - cpu)


def _is_read(sql: str) -> bool:
    return sql.lstrip()[:6].upper() == "SELECT"


class _Recorder:
    def __init__(self) -> None:
        self.statements: list[Statement] | None = None

    def note(self, sql: str, parameters: Any) -> None:
        if self.statements is not None and not sql.lstrip().upper().startswith(_TRANSACTION_WORDS):
            self.statements.append((sql, parameters))


_RECORDER = _Recorder()


@contextmanager
def recording() -> Iterator[list[Statement]]:
    """Record the statements sent inside the ``with`` block (one thread at a time)."""
    statements: list[Statement] = []
    _RECORDER.statements = statements
    try:
        yield statements
    finally:
        _RECORDER.statements = None


class _SqliteCursor(sqlite3.Cursor):
    def execute(self, sql: str, parameters: Any = (), /) -> Any:
        _RECORDER.note(sql, parameters)
        return super().execute(sql, parameters)


class _SqliteConnection(sqlite3.Connection):
    def cursor(self, factory: Any = _SqliteCursor) -> Any:
        return super().cursor(factory)

    def execute(self, sql: str, parameters: Any = (), /) -> Any:
        return self.cursor().execute(sql, parameters)


class Unprepared(str):
    """The text of a statement its sender asked psycopg never to prepare (``prepare=False``):
    the replay sends it the same way, so that both are planned for their values."""

    __slots__ = ()


def _postgres_cursor() -> type:
    import psycopg  # noqa: PLC0415 - only with the postgres extra

    class Cursor(psycopg.Cursor[Any]):
        def execute(self, query: Any, params: Any = None, **options: Any) -> Any:
            text = str(query)
            _RECORDER.note(Unprepared(text) if options.get("prepare") is False else text, params)
            return super().execute(query, params, **options)

    return Cursor


def record_on(engine: Engine) -> None:
    """Make every new connection of ``engine`` record what it sends (when recording)."""
    dialect = engine.dialect.name

    @event.listens_for(engine, "do_connect")
    def connect(_dialect: Any, _record: Any, _arguments: Any, parameters: Any) -> None:
        if dialect == "sqlite":
            parameters["factory"] = _SqliteConnection
        else:
            parameters["cursor_factory"] = _postgres_cursor()


class RawConnection:
    """A plain driver connection on the same database, replaying recorded statements."""

    def __init__(self, engine: Engine) -> None:
        # Out of the engine's pool, then the driver's own connection alone: configured
        # as the library configures its own (WAL, search path), in autocommit.
        self._pooled = engine.raw_connection()
        connection: Any = self._pooled.driver_connection
        if engine.dialect.name == "postgresql":
            connection.autocommit = True
        self._connection = connection
        self._dialect = engine.dialect.name

    def replay(self, statements: list[Statement]) -> int:
        """Send every statement and fetch all its rows; return how many rows came."""
        rows = 0
        for sql, parameters in statements:
            cursor = self._connection.cursor()
            if isinstance(sql, Unprepared):
                cursor.execute(str(sql), parameters, prepare=False)
            else:
                cursor.execute(sql, parameters)
            if cursor.description is not None:
                rows += len(cursor.fetchall())
            cursor.close()
        return rows

    def apply(self, statements: list[Statement]) -> None:
        """Replay one durable write as the library sends it: its reads (fetching every
        row), then the rest in one transaction, committed. On PostgreSQL the
        transaction's statements go in one pipeline, as the library sends them; on
        SQLite it begins ``IMMEDIATE``, as the library's writers do."""
        first_write = next(
            (i for i, (sql, _) in enumerate(statements) if not _is_read(sql)), len(statements)
        )
        self.replay(statements[:first_write])
        writes = statements[first_write:]
        connection = self._connection
        if self._dialect == "postgresql":
            with connection.pipeline(), connection.transaction(), connection.cursor() as cursor:
                for sql, parameters in writes:
                    cursor.execute(sql, parameters)
            return
        cursor = connection.cursor()
        try:
            cursor.execute("BEGIN IMMEDIATE")
            for sql, parameters in writes:
                cursor.execute(sql, parameters)
            cursor.execute("COMMIT")
        finally:
            if connection.in_transaction:  # a write failed: nothing of it stays
                connection.rollback()
            cursor.close()

    def close(self) -> None:
        """Give the connection back."""
        self._pooled.close()
