"""The masks of working conditions the offers hold, listed in a table (migration 13).

An offer's working conditions are stored as a bit mask (``offers.conditions``), and the
total of a search naming some of them is counted on the conditions' index, asking for
each stored mask that holds one of them (an ``IN`` list instead of a bit test, which no
index answers). Finding those masks in the offers' own index took one index seek per
distinct mask: about 220 of them at 1,000,000 offers, 2 ms a search on PostgreSQL.
``offer_condition_masks`` lists each mask once; a search reads its few rows instead.

Triggers on ``offers`` add the mask of every offer inserted or updated when it is new
(the lists of a SQLite bulk load are made in one statement at its end). A mask no offer
holds any more stays listed: it costs its search one index seek that finds nothing, and
changes no total.
"""

from __future__ import annotations

from sqlalchemy import Column, Integer, MetaData, Table
from sqlalchemy.engine import Connection

__all__ = [
    "CONDITION_MASKS",
    "MASKS_FROM_OFFERS",
    "SQLITE_MASKS_INSERT_TRIGGER",
    "condition_masks",
    "masks_holding",
]

CONDITION_MASKS = Table(
    "offer_condition_masks",
    MetaData(),  # not the schema's: made by its migration
    Column("conditions", Integer, primary_key=True, autoincrement=False),
)

MASKS_FROM_OFFERS = {
    "sqlite": "INSERT OR IGNORE INTO offer_condition_masks (conditions)"
    " SELECT DISTINCT conditions FROM offers",
    "postgresql": "INSERT INTO offer_condition_masks (conditions)"
    " SELECT DISTINCT conditions FROM offers ON CONFLICT DO NOTHING",
}
"""Lists the masks of the stored offers (the migration, and a SQLite bulk load's end)."""

SQLITE_MASKS_INSERT_TRIGGER = (
    "CREATE TRIGGER offers_masks_insert AFTER INSERT ON offers BEGIN "
    "INSERT OR IGNORE INTO offer_condition_masks (conditions) VALUES (new.conditions); END"
)
"""Lists each new offer's mask (bulk loads lift it and list the masks at their end)."""

_SQLITE_TRIGGERS = (
    SQLITE_MASKS_INSERT_TRIGGER,
    "CREATE TRIGGER offers_masks_update AFTER UPDATE OF conditions ON offers BEGIN "
    "INSERT OR IGNORE INTO offer_condition_masks (conditions) VALUES (new.conditions); END",
)

# PostgreSQL: once per statement, from the rows it wrote (COPY included), so that a bulk
# load lists its masks in one statement too.
_POSTGRES_TRIGGERS = (
    "CREATE FUNCTION offers_list_condition_masks() RETURNS trigger LANGUAGE plpgsql AS $$"
    " BEGIN"
    " INSERT INTO offer_condition_masks (conditions)"
    " SELECT DISTINCT conditions FROM written_offers ON CONFLICT DO NOTHING;"
    " RETURN NULL;"
    " END $$",
    *(
        f"CREATE TRIGGER offers_masks_{event.lower()} AFTER {event} ON offers"
        " REFERENCING NEW TABLE AS written_offers FOR EACH STATEMENT"
        " EXECUTE FUNCTION offers_list_condition_masks()"
        for event in ("INSERT", "UPDATE")
    ),
)


def condition_masks(connection: Connection) -> None:
    """Migration 13: the masks' table, listing the stored offers' masks, and its triggers."""
    dialect = connection.dialect.name
    CONDITION_MASKS.create(connection)
    connection.exec_driver_sql(MASKS_FROM_OFFERS[dialect])
    for trigger in _POSTGRES_TRIGGERS if dialect == "postgresql" else _SQLITE_TRIGGERS:
        connection.exec_driver_sql(trigger)


def masks_holding(mask: int) -> str:
    """The listed masks holding any bit of ``mask`` (an integer of ours), smallest first."""
    return (
        "SELECT conditions FROM offer_condition_masks"  # noqa: S608 - an integer of ours
        f" WHERE (conditions & {int(mask)}) != 0 ORDER BY conditions"
    )
