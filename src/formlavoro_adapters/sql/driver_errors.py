"""Driver errors as the library's: conflicts, duplicate keys, storage failures.

Transactions are optimistic. A stale write, a unique key taken meanwhile, or SQLite's
refusal to upgrade an outdated read snapshot become
:class:`~formlavoro_core.errors.ConcurrencyConflictError`, which the portal retries with
fresh reads. Every other driver error becomes :class:`~formlavoro_core.errors.StorageError`,
its message the first line of the driver's own (SEC-5: no values written).
"""

from __future__ import annotations

import sqlite3
from typing import Literal

from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError, StatementError

from formlavoro_core.errors import (
    ConcurrencyConflictError,
    DuplicateKeyError,
    StorageError,
)

__all__ = [
    "driver_summary",
    "is_conflict",
    "is_duplicate",
    "translated",
    "wrapped_driver_error",
]

_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6


def is_conflict(error: DBAPIError) -> bool:
    """Whether the driver refused a write that a fresh run could make (busy, stale)."""
    original = error.orig
    if isinstance(original, sqlite3.Error):
        code = getattr(original, "sqlite_errorcode", None)
        return code is not None and code & 0xFF in {_SQLITE_BUSY, _SQLITE_LOCKED}
    sqlstate = getattr(original, "sqlstate", None)
    # serialization_failure, deadlock_detected
    return sqlstate in {"40001", "40P01"}


_SQLITE_UNIQUE = {2067, 1555}  # SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY
_POSTGRES_UNIQUE = "23505"  # unique_violation


def is_duplicate(driver_error: BaseException | None) -> bool:
    """Whether a driver error is a unique key already taken (not another constraint)."""
    if isinstance(driver_error, sqlite3.Error):
        return getattr(driver_error, "sqlite_errorcode", None) in _SQLITE_UNIQUE
    return getattr(driver_error, "sqlstate", None) == _POSTGRES_UNIQUE


class translated:  # noqa: N801 - a context manager read as a phrase: ``with translated(...)``
    """Turn driver errors into the library's: conflicts, duplicates, storage failures.

    Only a unique key taken is a duplicate (which the portal reruns as a conflict);
    other constraint violations are storage errors, bugs to report rather than retry.
    A class rather than a generator: it wraps every statement the storage sends, and
    costs a fifth of what ``contextlib.contextmanager`` does.
    """

    __slots__ = ("_entity", "_key")

    def __init__(self, entity: str, key: str) -> None:
        self._entity = entity
        self._key = key

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, _trace: object
    ) -> Literal[False]:
        if exc is None or not isinstance(exc, SQLAlchemyError):
            return False
        entity, key = self._entity, self._key
        if isinstance(exc, IntegrityError):
            if is_duplicate(exc.orig):
                raise DuplicateKeyError(entity, key) from exc
            raise StorageError(f"{entity} {key!r}: {driver_summary(exc)}") from exc
        if isinstance(exc, DBAPIError) and is_conflict(exc):
            raise ConcurrencyConflictError(entity, key) from exc
        raise StorageError(f"{entity} {key!r}: {driver_summary(exc)}") from exc


def driver_summary(exc: BaseException) -> str:
    """The first line of a driver's error, without the statement, parameters or detail.

    SEC-5: PostgreSQL's ``DETAIL`` lines and SQLAlchemy's ``[parameters: ...]`` repeat the
    values written (fiscal codes, names), so only the first line of the driver's own
    message is kept, e.g. ``duplicate key value violates unique constraint "..."``.
    """
    origin = getattr(exc, "orig", None) or exc
    lines = str(origin).strip().splitlines()
    first = lines[0] if lines else ""
    return f"{type(origin).__name__}: {first.split(' [SQL:')[0]}"


def wrapped_driver_error(exc: Exception, statement: str, engine: Engine) -> StatementError:
    """A driver's error as SQLAlchemy wraps it, for :func:`translated`."""
    dbapi = engine.dialect.loaded_dbapi
    return DBAPIError.instance(statement, None, exc, dbapi.Error, hide_parameters=True)
