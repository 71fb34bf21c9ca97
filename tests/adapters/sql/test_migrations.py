"""Schema migrations, on a real SQLite file and on a fresh PostgreSQL schema per test.

An empty database brought to the head, and the databases refused.
"""

from __future__ import annotations

import datetime as dt
import pathlib
from collections.abc import Iterator

import pytest
from sqlalchemy import insert, inspect
from sqlalchemy.engine import Engine

from formlavoro_adapters.sql import (
    current_version,
    head,
    require_head,
    sqlite_engine,
    sqlite_storage,
    upgrade,
)
from formlavoro_adapters.sql.migrations import MIGRATIONS
from formlavoro_adapters.sql.tables import METADATA, SCHEMA_VERSION
from formlavoro_core.errors import ConfigurationError, StorageError
from tests.adapters.sql.migration_support import (
    APPLIED_AT,
    VERSIONS,
    assert_full_text_search_is_in_place,
    empty_engine,
    schema_rows,
    table_names,
)


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request: pytest.FixtureRequest, tmp_path: pathlib.Path) -> Iterator[Engine]:
    """An engine on an empty database: a new SQLite file, or a new PostgreSQL schema."""
    with empty_engine(request.param, tmp_path) as made:
        yield made


# -- an empty database ---------------------------------------------------------------------


def test_an_empty_database_is_at_version_zero(engine: Engine) -> None:
    assert current_version(engine) == 0
    assert table_names(engine) == set()


def test_upgrading_an_empty_database_reaches_the_head_with_every_table(engine: Engine) -> None:
    assert upgrade(engine) == VERSIONS
    assert current_version(engine) == head() == MIGRATIONS[-1].version
    tables = table_names(engine)
    assert set(METADATA.tables) <= tables
    # Nothing else but the full-text index's own tables (SQLite FTS5 keeps shadow tables)
    # the masks of working conditions the offers hold and, on SQLite, the offers' narrow
    # copies for text searches.
    extra = {"offer_condition_masks"}
    if engine.dialect.name == "sqlite":
        extra.add("offers_narrow")
    assert {
        name for name in tables - set(METADATA.tables) if not name.startswith("offers_fts")
    } == extra
    assert_full_text_search_is_in_place(engine)
    require_head(engine)


def test_every_table_of_the_schema_belongs_to_exactly_one_migration() -> None:
    migrated = [table.name for migration in MIGRATIONS for table in migration.tables]
    assert sorted(migrated) == sorted(METADATA.tables)
    assert [migration.version for migration in MIGRATIONS] == list(range(1, head() + 1))


def test_the_tables_have_the_columns_and_indexes_the_schema_declares(engine: Engine) -> None:
    upgrade(engine)
    with engine.connect() as connection:
        inspector = inspect(connection)
        for table in METADATA.sorted_tables:
            columns = {column["name"] for column in inspector.get_columns(table.name)}
            assert set(table.columns.keys()) <= columns, table.name
            indexes = {index["name"] for index in inspector.get_indexes(table.name)}
            assert {index.name for index in table.indexes} <= indexes, table.name


def test_the_schema_version_table_records_each_migration_with_its_name_and_time(
    engine: Engine,
) -> None:
    upgrade(engine, now=lambda: APPLIED_AT)
    assert schema_rows(engine) == [
        (migration.version, migration.name, APPLIED_AT) for migration in MIGRATIONS
    ]
    assert [name for _, name, _ in schema_rows(engine)] == [
        "access and CV",
        "marketplace",
        "identity",
        "offer publication numbers",
        "memberships keyed by event and citizen",
        "mail delivery and deadlines",
        "audit log",
        "matching",
        "data rights",
        "matching bounds",
        "matching cells carry their facts",
        "narrow offers for text searches",
        "working-condition masks of the offers",
        "filters in the words' index",
    ]


def test_without_a_clock_the_time_recorded_is_now_in_utc(engine: Engine) -> None:
    before = dt.datetime.now(dt.UTC)
    upgrade(engine)
    after = dt.datetime.now(dt.UTC)
    for _, _, applied_at in schema_rows(engine):
        assert applied_at.utcoffset() == dt.timedelta(0)
        assert before <= applied_at <= after


# -- refusals ----------------------------------------------------------------------------


def test_an_older_schema_is_refused_with_the_command_to_run(engine: Engine) -> None:
    with pytest.raises(ConfigurationError, match=r"version 0.*`formlavoro db upgrade`"):
        require_head(engine)
    upgrade(engine, target=1)
    needs = rf"version 1.*needs {head()}.*`formlavoro db upgrade`"
    with pytest.raises(ConfigurationError, match=needs):
        require_head(engine)


def _from_the_future(engine: Engine) -> None:
    upgrade(engine)
    with engine.begin() as connection:
        connection.execute(
            insert(SCHEMA_VERSION).values(
                version=head() + 1, name="from the future", applied_at=APPLIED_AT
            )
        )


def test_a_database_newer_than_the_library_is_refused(engine: Engine) -> None:
    _from_the_future(engine)
    assert current_version(engine) == head() + 1
    with pytest.raises(ConfigurationError, match="newer than this library"):
        upgrade(engine)
    with pytest.raises(ConfigurationError, match=f"version {head() + 1}"):
        require_head(engine)
    assert len(schema_rows(engine)) == head() + 1


def test_sqlite_storage_migrates_a_new_file_unless_told_not_to(tmp_path: pathlib.Path) -> None:
    storage = sqlite_storage(tmp_path / "migrated.db")
    try:
        assert current_version(storage.engine) == head()
    finally:
        storage.dispose()
    with pytest.raises(ConfigurationError, match="formlavoro db upgrade"):
        sqlite_storage(tmp_path / "bare.db", migrate=False)


def test_a_file_that_is_not_a_database_is_a_storage_error(tmp_path: pathlib.Path) -> None:
    file = tmp_path / "notes.db"
    file.write_text("not a database, just some notes\n" * 100)
    engine = sqlite_engine(file)
    try:
        with pytest.raises(StorageError):
            upgrade(engine)
    finally:
        engine.dispose()


def test_upgrade_reports_each_migration_applied_to_its_progress_callback(
    tmp_path: pathlib.Path,
) -> None:
    """Issue 12, point 4: a long upgrade says how far it is."""
    engine = sqlite_engine(tmp_path / "portal.db")
    told: list[tuple[int, int, str]] = []
    try:
        upgrade(engine, progress=lambda version, goal, name: told.append((version, goal, name)))
    finally:
        engine.dispose()
    assert told == [(migration.version, head(), migration.name) for migration in MIGRATIONS]
