"""The SQL schema's metadata and the columns every group of tables shares.

An aggregate's table holds its id, its ``version`` for optimistic concurrency and its
JSON document (``doc``), then the columns projected from the document.
"""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, MetaData, String, Table, Text, UniqueConstraint

__all__ = ["ID", "METADATA", "Key", "aggregate_table", "key_column"]

METADATA = MetaData()
"""Every table of the schema, whichever module defines it."""

ID = 64
"""The width of an id column."""

# Keys sort byte by byte everywhere, as Python compares strings: PostgreSQL's default
# collation would order them by locale, and keyset paging would disagree.
Key = String(ID).with_variant(String(ID, collation="C"), "postgresql")


def key_column(name: str = "id") -> Column[str]:
    """The primary key column ``name``, an id."""
    return Column(name, Key, primary_key=True)


def aggregate_table(name: str, *columns: Column[object] | Index | UniqueConstraint) -> Table:
    """The table of an aggregate: its id, version and document, then its projected columns."""
    return Table(
        name,
        METADATA,
        key_column(),
        Column("version", Integer, nullable=False),
        Column("doc", Text, nullable=False),
        *columns,
    )
