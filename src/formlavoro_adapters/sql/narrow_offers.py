"""SQLite: the offers' searched columns in a narrow table of their own (migration 12).

A text search on SQLite starts from the offers holding its words (the full-text index
gives their row ids) and checks each against the filters, to count them and to keep the
newest page. Read from ``offers``, each check visits a row of several kilobytes (the
document, the words), one or two pages of the file apiece. ``offers_narrow`` holds, for
each offer under the same row id, only what searches filter and sort on, some
200 bytes: at 1,000,000 offers the checks of a word found in 1 to 2 % of them took about
two thirds of the time.

Triggers on ``offers`` keep it equal to the offers' own columns (insert, update,
delete), as they keep the full-text index; bulk loads lift the insert trigger and copy
the rows in one statement. PostgreSQL has no such table: its text searches count from
the words' index.
"""

from __future__ import annotations

from sqlalchemy import Column, Integer, MetaData, Table, text
from sqlalchemy.engine import Connection

from formlavoro_adapters.sql.marketplace_tables import SEARCHED_COLUMNS
from formlavoro_adapters.sql.tables import OFFERS

__all__ = [
    "NARROW_COLUMNS",
    "OFFERS_NARROW",
    "SQLITE_NARROW_FROM",
    "SQLITE_NARROW_INSERT_TRIGGER",
    "narrow_offers",
]

NARROW_COLUMNS = ("id", "sort_time", "status", "event_id", *SEARCHED_COLUMNS)
"""The offer columns the narrow table copies: the key, the order, and every filter."""

OFFERS_NARROW = Table(
    "offers_narrow",
    MetaData(),  # not the schema's: SQLite only, made by its migration
    Column("row_id", Integer, primary_key=True, autoincrement=False),
    *(
        Column(name, OFFERS.c[name].type, nullable=OFFERS.c[name].nullable)
        for name in NARROW_COLUMNS
    ),
)

_LISTED = ", ".join(NARROW_COLUMNS)
_NEW = ", ".join(f"new.{name}" for name in NARROW_COLUMNS)
_SET = ", ".join(f"{name} = new.{name}" for name in NARROW_COLUMNS)

SQLITE_NARROW_INSERT_TRIGGER = (
    "CREATE TRIGGER offers_narrow_insert AFTER INSERT ON offers BEGIN "  # noqa: S608 - our names
    f"INSERT INTO offers_narrow (row_id, {_LISTED}) VALUES (new.row_id, {_NEW}); END"
)
"""Copies each new offer's columns (bulk loads lift it and copy with
:data:`SQLITE_NARROW_FROM`)."""

SQLITE_NARROW_FROM = (
    f"INSERT INTO offers_narrow (row_id, {_LISTED}) SELECT row_id, {_LISTED} FROM offers"  # noqa: S608 - our column names
)
"""Copies the offers' columns; a bulk load adds ``WHERE row_id > ?`` for one batch."""

_TRIGGERS = (
    SQLITE_NARROW_INSERT_TRIGGER,
    "CREATE TRIGGER offers_narrow_update AFTER UPDATE ON offers BEGIN "  # noqa: S608 - our names
    f"UPDATE offers_narrow SET {_SET} WHERE row_id = new.row_id; END",
    "CREATE TRIGGER offers_narrow_delete AFTER DELETE ON offers BEGIN "
    "DELETE FROM offers_narrow WHERE row_id = old.row_id; END",
)


def narrow_offers(connection: Connection) -> None:
    """Migration 12 on SQLite: the narrow table, filled from the offers, and its triggers."""
    if connection.dialect.name != "sqlite":
        return
    OFFERS_NARROW.create(connection)
    connection.exec_driver_sql(SQLITE_NARROW_FROM)
    for trigger in _TRIGGERS:
        connection.execute(text(trigger))
