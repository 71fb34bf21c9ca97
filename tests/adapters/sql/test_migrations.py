"""Schema migrations, on a real SQLite file and on a fresh PostgreSQL schema per test."""

from __future__ import annotations

import datetime as dt
import pathlib
import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import attrs
import pytest
from sqlalchemy import insert, inspect, select, text
from sqlalchemy.engine import Engine

from formlavoro_adapters.sql import (
    SqlStorage,
    current_version,
    head,
    postgres_engine,
    require_head,
    sqlite_engine,
    sqlite_storage,
    upgrade,
)
from formlavoro_adapters.sql.documents import dump
from formlavoro_adapters.sql.migrations import MIGRATIONS
from formlavoro_adapters.sql.tables import (
    CORE_TABLES,
    IDENTITY_TABLES,
    MARKETPLACE_TABLES,
    METADATA,
    SCHEMA_VERSION,
)
from formlavoro_adapters.sql.types import sqlite_text
from formlavoro_core.errors import ConfigurationError, StorageError
from formlavoro_core.ids import AccountId, EventId, OfferId
from formlavoro_core.testing.marketplace_samples import sample_membership, sample_memberships
from formlavoro_core.testing.storage_contract import sample_account
from tests.postgres import create_schema, drop_schema, dsn, require_server

APPLIED_AT = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
VERSIONS = [migration.version for migration in MIGRATIONS]
SQLITE_TRIGGERS = {"offers_fts_insert", "offers_fts_delete", "offers_fts_update"}


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request: pytest.FixtureRequest, tmp_path: pathlib.Path) -> Iterator[Engine]:
    """An engine on an empty database: a new SQLite file, or a new PostgreSQL schema."""
    if request.param == "sqlite":
        made = sqlite_engine(tmp_path / "portal.db")
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


def _tables(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return set(inspect(connection).get_table_names())


def _schema_rows(engine: Engine) -> list[tuple[int, str, dt.datetime]]:
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


def _assert_full_text_search_is_in_place(engine: Engine) -> None:
    if engine.dialect.name == "sqlite":
        assert "offers_fts" in _tables(engine)
        assert _sqlite_objects(engine, "trigger") == SQLITE_TRIGGERS
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


def _assert_no_full_text_search(engine: Engine) -> None:
    if engine.dialect.name == "sqlite":
        assert "offers_fts" not in _tables(engine)
        assert _sqlite_objects(engine, "trigger") == set()


# -- an empty database ---------------------------------------------------------------------


def test_an_empty_database_is_at_version_zero(engine: Engine) -> None:
    assert current_version(engine) == 0
    assert _tables(engine) == set()


def test_upgrading_an_empty_database_reaches_the_head_with_every_table(engine: Engine) -> None:
    assert upgrade(engine) == VERSIONS
    assert current_version(engine) == head() == MIGRATIONS[-1].version
    tables = _tables(engine)
    assert set(METADATA.tables) <= tables
    # Nothing else but the full-text index's own tables (SQLite FTS5 keeps shadow tables).
    assert {
        name for name in tables - set(METADATA.tables) if not name.startswith("offers_fts")
    } == set()
    _assert_full_text_search_is_in_place(engine)
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
    assert _schema_rows(engine) == [
        (migration.version, migration.name, APPLIED_AT) for migration in MIGRATIONS
    ]
    assert [name for _, name, _ in _schema_rows(engine)] == [
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
    ]


def test_without_a_clock_the_time_recorded_is_now_in_utc(engine: Engine) -> None:
    before = dt.datetime.now(dt.UTC)
    upgrade(engine)
    after = dt.datetime.now(dt.UTC)
    for _, _, applied_at in _schema_rows(engine):
        assert applied_at.utcoffset() == dt.timedelta(0)
        assert before <= applied_at <= after


# -- a database created by the previous migration -----------------------------------------


def test_upgrading_to_a_target_stops_there(engine: Engine) -> None:
    assert upgrade(engine, target=1) == [1]
    assert current_version(engine) == 1
    assert _tables(engine) == {table.name for table in CORE_TABLES}
    _assert_no_full_text_search(engine)


def test_upgrading_from_the_previous_version_applies_only_the_new_one_and_keeps_the_data(
    engine: Engine,
) -> None:
    upgrade(engine, target=1, now=lambda: APPLIED_AT)
    account = sample_account(0, username="anna.rossi")
    storage = SqlStorage(engine)
    # At version 1 only the access and CV tables exist: only accounts are touched.
    with storage() as uow:
        stored = uow.accounts.add(account)
        uow.commit()

    later = APPLIED_AT + dt.timedelta(days=30)
    assert upgrade(engine, target=2, now=lambda: later) == [2]

    assert current_version(engine) == 2
    assert {table.name for table in (*CORE_TABLES, *MARKETPLACE_TABLES)} <= _tables(engine)
    _assert_full_text_search_is_in_place(engine)
    assert _schema_rows(engine) == [(1, "access and CV", APPLIED_AT), (2, "marketplace", later)]
    with storage() as uow:
        assert uow.accounts.get(account.id) == stored
        assert uow.accounts.by_username("anna.rossi") == stored
        # The new tables are usable at once.
        assert uow.offers.get(OfferId("offer-1")) is None


def test_a_database_at_the_marketplace_version_gains_the_identity_tables_and_keeps_its_data(
    engine: Engine,
) -> None:
    upgrade(engine, target=2, now=lambda: APPLIED_AT)
    storage = SqlStorage(engine)
    with storage() as uow:
        stored = uow.accounts.add(sample_account(0, username="anna.rossi"))
        uow.commit()

    later = APPLIED_AT + dt.timedelta(days=30)
    assert upgrade(engine, target=3, now=lambda: later) == [3]

    assert current_version(engine) == 3
    assert {table.name for table in IDENTITY_TABLES} <= _tables(engine)
    assert _schema_rows(engine)[-1] == (3, "identity", later)
    with storage() as uow:
        assert uow.accounts.by_username("anna.rossi") == stored
        held = uow.login_failures.hold("account:anna.rossi", at=later)
        uow.login_failures.put(attrs.evolve(held, failures=1))
        uow.commit()
    with storage() as uow:
        counted = uow.login_failures.get("account:anna.rossi")
    assert counted is not None
    assert counted.failures == 1


def test_point_18_memberships_keyed_the_old_way_are_kept_and_take_uuid_ids(
    engine: Engine,
) -> None:
    """Point 18 / EV-2: the memberships migration keys them by event and citizen.

    Before it, one column held ``f"{event}/{citizen}"``, 65 characters with two UUIDs in
    a 64-character column: joining an event failed on PostgreSQL. The rows already
    stored keep their documents, versions and order.
    """
    keyed = next(m for m in MIGRATIONS if m.name == "memberships keyed by event and citizen")
    upgrade(engine, target=keyed.version - 1)
    # Before the migration, a joined key had to fit 64 characters: short ids.
    old = tuple(
        attrs.evolve(m, event=EventId(f"event-{n % 2}"), citizen=AccountId(f"account-{n}"))
        for n, m in enumerate(sample_memberships())
    )
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO memberships (key, version, doc, event_id, citizen, joined_at) "
                "VALUES (:key, 1, :doc, :event, :citizen, :joined_at)"
            ),
            [
                {
                    "key": f"{m.event}/{m.citizen}",
                    "doc": dump(attrs.evolve(m, version=1)),
                    "event": m.event,
                    "citizen": m.citizen,
                    "joined_at": sqlite_text(m.joined_at)
                    if engine.dialect.name == "sqlite"
                    else m.joined_at,
                }
                for m in old
            ],
        )

    assert upgrade(engine) == VERSIONS[keyed.version - 1 :]

    storage = SqlStorage(engine)
    event, citizen = EventId(uuid.uuid4().hex), AccountId(uuid.uuid4().hex)
    with storage() as uow:
        for membership in old:
            assert uow.memberships.get(membership.event, membership.citizen) == attrs.evolve(
                membership, version=1
            )
        fair = [(m.joined_at, m.citizen) for m in uow.memberships.for_event(old[0].event)]
        assert fair == sorted((m.joined_at, m.citizen) for m in old if m.event == old[0].event)
        joined = uow.memberships.add(sample_membership(event, citizen))
        uow.commit()
    with storage() as uow:
        assert uow.memberships.get(event, citizen) == joined
        assert len(f"{event}/{citizen}") == 65
    with engine.connect() as connection:
        inspector = inspect(connection)
        assert inspector.get_pk_constraint("memberships")["constrained_columns"] == [
            "event_id",
            "citizen",
        ]
        assert "memberships_before" not in inspector.get_table_names()


def test_upgrading_twice_is_a_no_op(engine: Engine) -> None:
    upgrade(engine, now=lambda: APPLIED_AT)
    assert upgrade(engine) == []
    assert upgrade(engine, target=1) == []
    assert _schema_rows(engine) == [
        (migration.version, migration.name, APPLIED_AT) for migration in MIGRATIONS
    ]


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_processes_starting_together_on_a_new_database_take_turns(
    kind: str, tmp_path: pathlib.Path
) -> None:
    """Several portals start at once on an empty database, each upgrading it."""
    schema = None
    if kind == "postgres":
        require_server()
        schema = create_schema()
    engines = [
        sqlite_engine(tmp_path / "portal.db")
        if schema is None
        else postgres_engine(dsn(), schema=schema)
        for _ in range(4)
    ]
    try:
        barrier = threading.Barrier(len(engines))

        def start(engine: Engine) -> list[int]:
            barrier.wait()
            return upgrade(engine, now=lambda: APPLIED_AT)

        with ThreadPoolExecutor(len(engines)) as pool:
            results = list(pool.map(start, engines))
        # Each migration was applied once, by one of them; nobody failed.
        applied = sorted(version for result in results for version in result)
        assert applied == [migration.version for migration in MIGRATIONS]
        assert _schema_rows(engines[0]) == [
            (migration.version, migration.name, APPLIED_AT) for migration in MIGRATIONS
        ]
    finally:
        for engine in engines:
            engine.dispose()
        if schema is not None:
            drop_schema(schema)


def test_a_failed_migration_leaves_the_database_at_the_previous_version(engine: Engine) -> None:
    upgrade(engine, target=1)
    # A table in the way of migration 2 (its last one): the migration fails at its end.
    in_the_way = MARKETPLACE_TABLES[-1].name
    with engine.begin() as connection:
        connection.execute(text(f"CREATE TABLE {in_the_way} (id INTEGER)"))

    with pytest.raises(StorageError, match=in_the_way):
        upgrade(engine)

    assert current_version(engine) == 1
    # Each migration is one transaction: nothing of migration 2 stayed behind.
    assert _tables(engine) == {table.name for table in CORE_TABLES} | {in_the_way}
    _assert_no_full_text_search(engine)
    with engine.begin() as connection:
        connection.execute(text(f"DROP TABLE {in_the_way}"))
    assert upgrade(engine) == VERSIONS[1:]


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
    assert len(_schema_rows(engine)) == head() + 1


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
