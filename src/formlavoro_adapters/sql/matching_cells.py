"""Migration 11: the code rows of CV profiles carry the facts that bound a score.

Before it, ranking a cell joined each of its ``cv_profile_codes`` rows to its
``cv_profiles`` row for the facts: one index lookup and one row visit per candidate,
most of a ranking's time at 1,000,000 CVs. Since it, each code row repeats the CV's
publication window and facts (:data:`~formlavoro_adapters.sql.matching_tables.CELL_FACTS`)
and the rows are stored in key order, so that a cell is read from one key range.

The code rows are derived data: the step rebuilds the table from the old code rows and
their profiles in SQL, in key order, without decoding a document.
"""

from __future__ import annotations

from sqlalchemy import Column, MetaData, String, Table, insert, inspect, select, text
from sqlalchemy.engine import Connection

from formlavoro_adapters.sql.matching_tables import CELL_FACTS, CV_PROFILE_CODES, CV_PROFILES
from formlavoro_adapters.sql.tables import Key

__all__ = ["carry_cell_facts"]

_RENAMED = "cv_profile_codes_10"
_OLD = Table(
    _RENAMED,
    MetaData(),
    Column("code", String(16)),
    Column("province", String(2)),
    Column("cv_id", Key),
)
"""The code rows as migrations 8 and 10 made them, renamed for the rebuild."""


def carry_cell_facts(connection: Connection) -> None:
    """Rebuild ``cv_profile_codes`` with the facts of each row's profile, in key order.

    Nothing to do where the table already has them (a database made from empty by this
    version, whose migration 8 created the table as it is now declared).
    """
    columns = {column["name"] for column in inspect(connection).get_columns("cv_profile_codes")}
    if set(CELL_FACTS) <= columns:
        return
    connection.execute(text("DROP INDEX ix_cv_profile_codes_cv"))
    connection.execute(text(f"ALTER TABLE cv_profile_codes RENAME TO {_RENAMED}"))
    CV_PROFILE_CODES.create(connection)
    old, profile = _OLD.c, CV_PROFILES.c
    copied = (
        select(old.code, old.province, old.cv_id, *(profile[name] for name in CELL_FACTS))
        .select_from(_OLD.join(CV_PROFILES, profile.cv_id == old.cv_id))
        .order_by(old.code, old.province, old.cv_id)
    )
    connection.execute(
        insert(CV_PROFILE_CODES).from_select(["code", "province", "cv_id", *CELL_FACTS], copied)
    )
    connection.execute(text(f"DROP TABLE {_RENAMED}"))
    if connection.dialect.name == "postgresql":
        connection.execute(text("ANALYZE cv_profile_codes"))
