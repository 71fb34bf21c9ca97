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
from sqlalchemy import (
    Column,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    insert,
    inspect,
    select,
    text,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from formlavoro_adapters.sql.documents import load
from formlavoro_adapters.sql.matching import write_cv_profile, write_offer_profile
from formlavoro_adapters.sql.matching_cells import carry_cell_facts
from formlavoro_adapters.sql.matching_tables import (
    CV_PROFILE_CODES,
    CV_PROFILES,
    MATCHING_TABLES,
    OFFER_PROFILES,
)
from formlavoro_adapters.sql.session import EXCLUSIVE
from formlavoro_adapters.sql.tables import (
    AUDIT_TABLES,
    CORE_TABLES,
    CVS,
    DELIVERY_TABLES,
    EVENTS,
    ID,
    IDENTITY_TABLES,
    MARKETPLACE_TABLES,
    MEMBERSHIPS,
    OFFER_PUBLICATION_TABLES,
    OFFERS,
    OFFERS_EXPIRY,
    OUTBOX,
    OUTBOX_RECIPIENT,
    SCHEMA_VERSION,
    Key,
)
from formlavoro_adapters.sql.types import Instant
from formlavoro_core.cv.model import Cv
from formlavoro_core.errors import ConfigurationError, StorageError
from formlavoro_core.offers.model import Offer

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


SQLITE_FTS_INSERT_TRIGGER = (
    "CREATE TRIGGER offers_fts_insert AFTER INSERT ON offers BEGIN "
    "INSERT INTO offers_fts(rowid, words) VALUES (new.row_id, new.words); END"
)
"""Keeps the full-text index up to date as offers are added (bulk loads lift it)."""

_SQLITE_SEARCH = (
    "CREATE VIRTUAL TABLE offers_fts USING fts5(words, content='offers', "
    "content_rowid='row_id', tokenize='unicode61 remove_diacritics 0', prefix='2 3')",
    SQLITE_FTS_INSERT_TRIGGER,
    "CREATE TRIGGER offers_fts_delete AFTER DELETE ON offers BEGIN "
    "INSERT INTO offers_fts(offers_fts, rowid, words) "
    "VALUES ('delete', old.row_id, old.words); END",
    "CREATE TRIGGER offers_fts_update AFTER UPDATE OF words ON offers BEGIN "
    "INSERT INTO offers_fts(offers_fts, rowid, words) "
    "VALUES ('delete', old.row_id, old.words); "
    "INSERT INTO offers_fts(rowid, words) VALUES (new.row_id, new.words); END",
)
_POSTGRES_SEARCH = (
    # The words are the library's own (folded, blank-separated): taken as lexemes as
    # they are, without the text-search parser, which would split some (1e5x).
    "ALTER TABLE offers ADD COLUMN words_tsv tsvector "
    "GENERATED ALWAYS AS (array_to_tsvector(string_to_array(words, ' '))) STORED",
    "CREATE INDEX ix_offers_words ON offers USING GIN (words_tsv)",
)


def _offer_search_index(connection: Connection) -> None:
    """The full-text index over the offers' words (pre-folded by the library)."""
    statements = _POSTGRES_SEARCH if connection.dialect.name == "postgresql" else _SQLITE_SEARCH
    for statement in statements:
        connection.execute(text(statement))


# -- memberships keyed by event and citizen (point 18) -------------------------------------

_FIRST_MEMBERSHIPS = Table(
    "memberships",
    MetaData(),
    Column("key", Key, primary_key=True),
    Column("version", Integer, nullable=False),
    Column("doc", Text, nullable=False),
    Column("event_id", String(ID), nullable=False, index=True),
    Column("citizen", String(ID), nullable=False, index=True),
    Column("joined_at", Instant, nullable=False),
)
"""The memberships table as the marketplace migration made it: one key column holding
``f"{event}/{citizen}"``, too narrow for two UUIDs (65 characters in 64)."""


def _key_memberships_by_event_and_citizen(connection: Connection) -> None:
    """Rebuild the memberships table with ``(event_id, citizen)`` as its primary key.

    Neither database changes a primary key in place (SQLite cannot, PostgreSQL would
    keep the joined column), so the old table is renamed, its indexes dropped to free
    their names, the new one created, the rows copied and the old table dropped.
    """
    connection.execute(text("ALTER TABLE memberships RENAME TO memberships_before"))
    for index in ("ix_memberships_event_id", "ix_memberships_citizen"):
        connection.execute(text(f"DROP INDEX {index}"))
    if connection.dialect.name == "postgresql":
        connection.execute(
            text(
                "ALTER TABLE memberships_before "
                "RENAME CONSTRAINT memberships_pkey TO memberships_before_pkey"
            )
        )
    MEMBERSHIPS.create(connection)
    connection.execute(
        text(
            "INSERT INTO memberships (event_id, citizen, version, doc, joined_at) "
            "SELECT event_id, citizen, version, doc, joined_at FROM memberships_before"
        )
    )
    connection.execute(text("DROP TABLE memberships_before"))


# -- mail delivery and deadlines (migration 6) ----------------------------------------------

_FIRST_OUTBOX = Table(
    "outbox",
    MetaData(),
    Column("id", Key, primary_key=True),
    Column("version", Integer, nullable=False),
    Column("doc", Text, nullable=False),
    Column("created_at", Instant, nullable=False),
    Column("sent_at", Instant, nullable=True),
    Column("claimed_until", Instant, nullable=True),
    Index("ix_outbox_pending", "sent_at", "created_at", "id"),
)
"""The outbox as the first migration made it, before retries and dead letters."""

_FIRST_EVENTS = Table(
    "events",
    MetaData(),
    Column("id", Key, primary_key=True),
    Column("version", Integer, nullable=False),
    Column("doc", Text, nullable=False),
    Column("organiser", String(ID), nullable=False, index=True),
    Column("starts_at", Instant, nullable=False),
    Column("ends_at", Instant, nullable=False),
    Index("ix_events_ends", "ends_at"),
)
"""The events as the marketplace migration made them, before registration closing times."""

_FIRST_MADE = {MEMBERSHIPS: _FIRST_MEMBERSHIPS, OUTBOX: _FIRST_OUTBOX, EVENTS: _FIRST_EVENTS}


def _add_column(connection: Connection, table: Table, name: str) -> None:
    column = table.c[name]
    kind = column.type.compile(dialect=connection.dialect)
    connection.execute(text(f"ALTER TABLE {table.name} ADD COLUMN {name} {kind}"))


def _deliver_with_retries(connection: Connection) -> None:
    """Outbox messages get a due time and a dead-letter time; events a closing time.

    Pending messages become due at the end of their claim, or at once; sent ones are
    never due again. The offers get an index by expiry (AP-12), made here for databases
    whose offers table predates it.
    """
    for name in ("due_at", "dead_at"):
        _add_column(connection, OUTBOX, name)
    connection.execute(
        text(
            "UPDATE outbox SET due_at = CASE WHEN claimed_until > created_at "
            "THEN claimed_until ELSE created_at END WHERE sent_at IS NULL"
        )
    )
    connection.execute(text("DROP INDEX ix_outbox_pending"))
    _add_column(connection, EVENTS, "registration_closes_at")
    later = {OUTBOX_RECIPIENT.name}  # made by migration 7, with its column
    indexes = (*OUTBOX.indexes, *EVENTS.indexes, OFFERS_EXPIRY)
    for index in (index for index in indexes if index.name not in later):
        index.create(connection, checkfirst=True)


def _find_emails_by_address(connection: Connection) -> None:
    """SEC-4: the outbox gets each message's address as a column, and an index on it."""
    _add_column(connection, OUTBOX, "recipient")
    address = (
        "(doc::json -> 'email' ->> 'to')"
        if connection.dialect.name == "postgresql"
        else "json_extract(doc, '$.email.to')"
    )
    connection.execute(text(f"UPDATE outbox SET recipient = {address}"))  # noqa: S608
    OUTBOX_RECIPIENT.create(connection, checkfirst=True)


def _match_existing(connection: Connection) -> None:
    """Profiles for the CVs and offers stored before matching existed (MA-1)."""
    for table, write in ((CVS, _cv_profile), (OFFERS, _offer_profile)):
        _profiles_of(connection, table, write)


def _profiles_of(
    connection: Connection, table: Table, write: Callable[[Connection, str], None]
) -> None:
    batch = 1_000
    last = ""
    while True:
        rows = connection.execute(
            select(table.c.id, table.c.doc)
            .where(table.c.id > last)
            .order_by(table.c.id)
            .limit(batch)
        ).all()
        for row in rows:
            write(connection, row.doc)
        if len(rows) < batch:
            break
        last = rows[-1].id


def _bound_cvs(connection: Connection) -> None:
    """MA-1: CV and offer profiles get the facts that bound a score (education, facets...).

    Their rows are derived from the CVs and offers: the tables are made again as the
    schema declares them (whatever migration 8 made) and filled from the documents.
    """
    for table in (CV_PROFILE_CODES, CV_PROFILES, OFFER_PROFILES):
        table.drop(connection)
    for table in (CV_PROFILES, CV_PROFILE_CODES, OFFER_PROFILES):
        table.create(connection)
    _profiles_of(connection, CVS, _cv_profile)
    _profiles_of(connection, OFFERS, _offer_profile)


def _cv_profile(connection: Connection, doc: str) -> None:
    write_cv_profile(connection.execute, load(doc, Cv))


def _offer_profile(connection: Connection, doc: str) -> None:
    write_offer_profile(connection.execute, load(doc, Offer))


def _as_first_made(tables: Sequence[Table]) -> tuple[Table, ...]:
    """``tables`` as their first migration made them (later ones changed them)."""
    return tuple(_FIRST_MADE.get(table, table) for table in tables)


@attrs.frozen
class Migration:
    """One step of the schema: tables to create and dialect-specific extras."""

    version: int
    name: str
    tables: Sequence[Table]
    then: Callable[[Connection], None] = _nothing_more


MIGRATIONS = (
    Migration(1, "access and CV", _as_first_made(CORE_TABLES)),
    # Every database goes the same way: version 2 makes memberships as it first did,
    # the memberships migration below rebuilds them.
    Migration(2, "marketplace", _as_first_made(MARKETPLACE_TABLES), _offer_search_index),
    Migration(3, "identity", IDENTITY_TABLES),
    Migration(4, "offer publication numbers", OFFER_PUBLICATION_TABLES),
    Migration(
        5, "memberships keyed by event and citizen", (), _key_memberships_by_event_and_citizen
    ),
    Migration(6, "mail delivery and deadlines", DELIVERY_TABLES, _deliver_with_retries),
    Migration(7, "audit log", AUDIT_TABLES),
    Migration(8, "matching", MATCHING_TABLES, _match_existing),
    Migration(9, "data rights", (), _find_emails_by_address),
    Migration(10, "matching bounds", (), _bound_cvs),
    Migration(11, "matching cells carry their facts", (), carry_cell_facts),
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
