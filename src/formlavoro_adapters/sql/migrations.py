"""Versioned schema migrations, applied in order, each in its own transaction.

``formlavoro db upgrade`` runs them; so does ``bootstrap`` when its ``migrate`` setting
asks. The ``formlavoro_schema`` table records which versions are applied.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

import attrs
from sqlalchemy import Table, insert, inspect, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from formlavoro_adapters.sql.condition_masks import condition_masks
from formlavoro_adapters.sql.matching_cells import carry_cell_facts
from formlavoro_adapters.sql.matching_tables import MATCHING_TABLES
from formlavoro_adapters.sql.migration_steps import (
    SQLITE_FTS_INSERT_TRIGGER,
    as_first_made,
    bound_cvs,
    deliver_with_retries,
    find_emails_by_address,
    key_memberships_by_event_and_citizen,
    match_existing,
    offer_search_index,
)
from formlavoro_adapters.sql.narrow_offers import narrow_offers
from formlavoro_adapters.sql.session import EXCLUSIVE
from formlavoro_adapters.sql.tables import (
    AUDIT_TABLES,
    CORE_TABLES,
    DELIVERY_TABLES,
    IDENTITY_TABLES,
    MARKETPLACE_TABLES,
    OFFER_PUBLICATION_TABLES,
    SCHEMA_VERSION,
)
from formlavoro_adapters.sql.text_filters import text_filters, vacuum_offers
from formlavoro_core.errors import ConfigurationError, StorageError

__all__ = [
    "MIGRATIONS",
    "SQLITE_FTS_INSERT_TRIGGER",
    "Migration",
    "current_version",
    "head",
    "require_head",
    "upgrade",
]

_log = logging.getLogger("formlavoro.adapters.sql.migrations")


def _nothing_more(_connection: Connection) -> None:
    return None


@attrs.frozen
class Migration:
    """One step of the schema: tables to create and dialect-specific extras."""

    version: int
    name: str
    tables: Sequence[Table]
    then: Callable[[Connection], None] = _nothing_more
    settle: Callable[[Engine], None] | None = None
    """What runs once the migration is committed, outside any transaction."""


MIGRATIONS = (
    Migration(1, "access and CV", as_first_made(CORE_TABLES)),
    # Every database goes the same way: version 2 makes memberships as it first did,
    # the memberships migration below rebuilds them.
    Migration(2, "marketplace", as_first_made(MARKETPLACE_TABLES), offer_search_index),
    Migration(3, "identity", IDENTITY_TABLES),
    Migration(4, "offer publication numbers", OFFER_PUBLICATION_TABLES),
    Migration(
        5, "memberships keyed by event and citizen", (), key_memberships_by_event_and_citizen
    ),
    Migration(6, "mail delivery and deadlines", DELIVERY_TABLES, deliver_with_retries),
    Migration(7, "audit log", AUDIT_TABLES),
    Migration(8, "matching", MATCHING_TABLES, match_existing),
    Migration(9, "data rights", (), find_emails_by_address),
    Migration(10, "matching bounds", (), bound_cvs),
    Migration(11, "matching cells carry their facts", (), carry_cell_facts),
    Migration(12, "narrow offers for text searches", (), narrow_offers),
    Migration(13, "working-condition masks of the offers", (), condition_masks),
    Migration(14, "filters in the words' index", (), text_filters, vacuum_offers),
)


@contextmanager
def _database_errors(doing: str) -> Iterator[None]:
    """Database errors as the library's ``StorageError``, saying what was being done."""
    try:
        yield
    except SQLAlchemyError as exc:
        detail = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise StorageError(f"{doing}: {detail}") from exc


def head() -> int:
    """The latest schema version this library knows."""
    return MIGRATIONS[-1].version


def _version_of(connection: Connection) -> int:
    if not inspect(connection).has_table(SCHEMA_VERSION.name):
        return 0
    versions = connection.execute(select(SCHEMA_VERSION.c.version)).scalars().all()
    return max(versions, default=0)


def current_version(engine: Engine) -> int:
    """The version the database is at; 0 for an empty database."""
    with _database_errors("reading the schema version"), engine.connect() as connection:
        return _version_of(connection)


_LOCK = 0x666F726D  # the advisory lock PostgreSQL migrations take ("form")


@contextmanager
def _locked(engine: Engine) -> Iterator[Connection]:
    """A transaction holding the database's migration lock.

    Processes that start together on a new database all try to migrate; the lock makes
    them take turns, and each re-reads the version once it holds the lock.
    """
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            connection.execution_options(**{EXCLUSIVE: True})  # BEGIN IMMEDIATE
        with connection.begin():
            if engine.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK})
            yield connection


def upgrade(
    engine: Engine,
    *,
    target: int | None = None,
    now: Callable[[], dt.datetime] | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> list[int]:
    """Apply the migrations after the current version, up to ``target`` (default: all).

    Returns the versions applied. Each migration commits on its own, so an interrupted
    upgrade resumes where it stopped; processes upgrading at once take turns. Each one
    applied is logged (INFO, ``formlavoro.adapters.sql.migrations``) and reported to
    ``progress(version, goal, name)`` when given.
    """
    goal = head() if target is None else target
    clock = now or (lambda: dt.datetime.now(dt.UTC))
    applied: list[int] = []
    current = current_version(engine)
    if current > head():
        raise ConfigurationError(
            f"the database is at schema version {current}, newer than this library's {head()}"
        )
    for migration in MIGRATIONS:
        if not current < migration.version <= goal:
            continue
        doing = f"applying schema version {migration.version} ({migration.name})"
        with _database_errors(doing), _locked(engine) as connection:
            if _version_of(connection) >= migration.version:
                continue  # another process applied it meanwhile
            for table in migration.tables:
                table.create(connection)
            migration.then(connection)
            connection.execute(
                insert(SCHEMA_VERSION).values(
                    version=migration.version, name=migration.name, applied_at=clock()
                )
            )
        if migration.settle is not None:
            with _database_errors(doing):
                migration.settle(engine)
        applied.append(migration.version)
        _log.info("applied schema version %d of %d: %s", migration.version, goal, migration.name)
        if progress is not None:
            progress(migration.version, goal, migration.name)
    return applied


def require_head(engine: Engine) -> None:
    """Refuse to run on a database whose schema is not the library's latest."""
    version = current_version(engine)
    if version != head():
        raise ConfigurationError(
            f"the database schema is at version {version}, this library needs {head()}: "
            "run `formlavoro db upgrade` (or bootstrap with migrate=True)"
        )
