"""The steps of the schema migrations beyond creating tables, and the tables as first made.

A migration creates its tables, then runs its step: the full-text index over the offers
(2), memberships keyed by event and citizen (5), mail delivery and deadlines (6),
matching's profiles of what is already stored (8), the outbox by address (9) and the
facts that bound a matching score (10). Tables that later migrations changed are
created as they were first made, so every database goes the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import Column, Index, Integer, MetaData, String, Table, Text, select, text
from sqlalchemy.engine import Connection

from formlavoro_adapters.sql.documents import load
from formlavoro_adapters.sql.matching import write_cv_profile, write_offer_profile
from formlavoro_adapters.sql.matching_tables import CV_PROFILE_CODES, CV_PROFILES, OFFER_PROFILES
from formlavoro_adapters.sql.tables import (
    CVS,
    EVENTS,
    ID,
    MEMBERSHIPS,
    OFFERS,
    OFFERS_EXPIRY,
    OUTBOX,
    OUTBOX_RECIPIENT,
    Key,
)
from formlavoro_adapters.sql.types import Instant
from formlavoro_core.cv.model import Cv
from formlavoro_core.offers.model import Offer

__all__ = [
    "SQLITE_FTS_INSERT_TRIGGER",
    "as_first_made",
    "bound_cvs",
    "deliver_with_retries",
    "find_emails_by_address",
    "key_memberships_by_event_and_citizen",
    "match_existing",
    "offer_search_index",
]

# -- the offers' full-text index (migration 2) ----------------------------------------------

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


def offer_search_index(connection: Connection) -> None:
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


def key_memberships_by_event_and_citizen(connection: Connection) -> None:
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


def as_first_made(tables: Sequence[Table]) -> tuple[Table, ...]:
    """``tables`` as their first migration made them (later ones changed them)."""
    return tuple(_FIRST_MADE.get(table, table) for table in tables)


def _add_column(connection: Connection, table: Table, name: str) -> None:
    column = table.c[name]
    kind = column.type.compile(dialect=connection.dialect)
    connection.execute(text(f"ALTER TABLE {table.name} ADD COLUMN {name} {kind}"))


def deliver_with_retries(connection: Connection) -> None:
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


# -- data rights (migration 9) --------------------------------------------------------------


def find_emails_by_address(connection: Connection) -> None:
    """SEC-4: the outbox gets each message's address as a column, and an index on it."""
    _add_column(connection, OUTBOX, "recipient")
    address = (
        "(doc::json -> 'email' ->> 'to')"
        if connection.dialect.name == "postgresql"
        else "json_extract(doc, '$.email.to')"
    )
    connection.execute(text(f"UPDATE outbox SET recipient = {address}"))  # noqa: S608
    OUTBOX_RECIPIENT.create(connection, checkfirst=True)


# -- matching (migrations 8 and 10) ---------------------------------------------------------


def match_existing(connection: Connection) -> None:
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


def bound_cvs(connection: Connection) -> None:
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
