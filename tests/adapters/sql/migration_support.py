"""What the migration tests share: empty databases, and what an upgrade left in them."""

from __future__ import annotations

import datetime as dt
import pathlib
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import inspect, select, text
from sqlalchemy.engine import Engine

from formlavoro_adapters.sql import postgres_engine, sqlite_engine
from formlavoro_adapters.sql.migrations import MIGRATIONS
from formlavoro_adapters.sql.narrow_offers import NARROW_COLUMNS
from formlavoro_adapters.sql.tables import SCHEMA_VERSION
from tests.postgres import create_schema, drop_schema, dsn, require_server

__all__ = [
    "APPLIED_AT",
    "SQLITE_TRIGGERS",
    "VERSIONS",
    "assert_full_text_search_is_in_place",
    "assert_no_full_text_search",
    "empty_engine",
    "narrow_disagreements",
    "schema_rows",
    "table_names",
]

APPLIED_AT = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
VERSIONS = [migration.version for migration in MIGRATIONS]
SQLITE_TRIGGERS = {"offers_fts_insert", "offers_fts_delete", "offers_fts_update"}
NARROW_TRIGGERS = {"offers_narrow_insert", "offers_narrow_update", "offers_narrow_delete"}
MASKS_TRIGGERS = {"offers_masks_insert", "offers_masks_update"}


@contextmanager
def empty_engine(kind: str, folder: pathlib.Path) -> Iterator[Engine]:
    """An engine on an empty database of ``kind``.

    A new SQLite file in ``folder``, or a new PostgreSQL schema dropped afterwards.
    """
    if kind == "sqlite":
        made = sqlite_engine(folder / "portal.db")
        try:
            yield made
        finally:
            made.dispose()
        return
    require_server()
    schema = create_schema()
    made = postgres_engine(dsn(), schema=schema)
    try:
        yield made
    finally:
        made.dispose()
        drop_schema(schema)


def table_names(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return set(inspect(connection).get_table_names())


def schema_rows(engine: Engine) -> list[tuple[int, str, dt.datetime]]:
    c = SCHEMA_VERSION.c
    with engine.connect() as connection:
        rows = connection.execute(select(c.version, c.name, c.applied_at).order_by(c.version))
        return [(row.version, row.name, row.applied_at) for row in rows]


def _sqlite_objects(engine: Engine, kind: str) -> set[str]:
    with engine.connect() as connection:
        names = connection.execute(
            text("SELECT name FROM sqlite_master WHERE type = :kind"), {"kind": kind}
        ).scalars()
        return set(names)


def narrow_disagreements(engine: Engine) -> tuple[int, int]:
    """SQLite: the offers' rows missing from their narrow copies, then the copies' rows
    that are no offer's (row id and every copied column compared)."""
    columns = ", ".join(("row_id", *NARROW_COLUMNS))
    counts = []
    with engine.connect() as connection:
        for first, second in (("offers", "offers_narrow"), ("offers_narrow", "offers")):
            counts.append(
                connection.exec_driver_sql(
                    f"SELECT count(*) FROM (SELECT {columns} FROM {first}"  # noqa: S608
                    f" EXCEPT SELECT {columns} FROM {second})"
                ).scalar_one()
            )
    return counts[0], counts[1]


def assert_full_text_search_is_in_place(engine: Engine) -> None:
    if engine.dialect.name == "sqlite":
        tables = table_names(engine)
        assert "offers_fts" in tables
        narrow = "offers_narrow" in tables  # from migration 12
        masks = "offer_condition_masks" in tables  # from migration 13
        expected = (
            SQLITE_TRIGGERS
            | (NARROW_TRIGGERS if narrow else set())
            | (MASKS_TRIGGERS if masks else set())
        )
        assert _sqlite_objects(engine, "trigger") == expected
        if narrow:
            assert narrow_disagreements(engine) == (0, 0)
        with engine.begin() as connection:
            # FTS5 checks that the index agrees with its content table.
            connection.execute(
                text("INSERT INTO offers_fts(offers_fts) VALUES ('integrity-check')")
            )
        return
    with engine.connect() as connection:
        columns = {column["name"] for column in inspect(connection).get_columns("offers")}
        generated = connection.execute(
            text(
                "SELECT is_generated, data_type FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = 'offers' "
                "AND column_name = 'words_tsv'"
            )
        ).one()
        index = connection.execute(
            text(
                "SELECT indexdef FROM pg_indexes "
                "WHERE schemaname = current_schema() AND indexname = 'ix_offers_words'"
            )
        ).scalar_one()
    assert "words_tsv" in columns
    assert tuple(generated) == ("ALWAYS", "tsvector")
    assert "USING gin (words_tsv)" in index


def assert_no_full_text_search(engine: Engine) -> None:
    if engine.dialect.name == "sqlite":
        assert "offers_fts" not in table_names(engine)
        assert _sqlite_objects(engine, "trigger") == set()
