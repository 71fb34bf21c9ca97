"""Schema migrations from an earlier version: the data kept, the turns taken, the failures undone.

On a real SQLite file and on a fresh PostgreSQL schema per test.
"""

from __future__ import annotations

import datetime as dt
import pathlib
import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import attrs
import pytest
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from formlavoro_adapters.sql import (
    SqlStorage,
    current_version,
    postgres_engine,
    sqlite_engine,
    upgrade,
)
from formlavoro_adapters.sql.documents import dump
from formlavoro_adapters.sql.migrations import MIGRATIONS
from formlavoro_adapters.sql.tables import CORE_TABLES, IDENTITY_TABLES, MARKETPLACE_TABLES
from formlavoro_adapters.sql.types import sqlite_text
from formlavoro_core.errors import StorageError
from formlavoro_core.ids import AccountId, EventId, OfferId
from formlavoro_core.testing.marketplace_samples import sample_membership, sample_memberships
from formlavoro_core.testing.storage_contract import sample_account
from tests.adapters.sql.migration_support import (
    APPLIED_AT,
    VERSIONS,
    assert_full_text_search_is_in_place,
    assert_no_full_text_search,
    empty_engine,
    schema_rows,
    table_names,
)
from tests.postgres import create_schema, drop_schema, dsn, require_server


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request: pytest.FixtureRequest, tmp_path: pathlib.Path) -> Iterator[Engine]:
    """An engine on an empty database: a new SQLite file, or a new PostgreSQL schema."""
    with empty_engine(request.param, tmp_path) as made:
        yield made


# -- a database created by the previous migration -----------------------------------------


def test_upgrading_to_a_target_stops_there(engine: Engine) -> None:
    assert upgrade(engine, target=1) == [1]
    assert current_version(engine) == 1
    assert table_names(engine) == {table.name for table in CORE_TABLES}
    assert_no_full_text_search(engine)


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
    assert {table.name for table in (*CORE_TABLES, *MARKETPLACE_TABLES)} <= table_names(engine)
    assert_full_text_search_is_in_place(engine)
    assert schema_rows(engine) == [(1, "access and CV", APPLIED_AT), (2, "marketplace", later)]
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
    assert {table.name for table in IDENTITY_TABLES} <= table_names(engine)
    assert schema_rows(engine)[-1] == (3, "identity", later)
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
    assert schema_rows(engine) == [
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
        assert schema_rows(engines[0]) == [
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
    assert table_names(engine) == {table.name for table in CORE_TABLES} | {in_the_way}
    assert_no_full_text_search(engine)
    with engine.begin() as connection:
        connection.execute(text(f"DROP TABLE {in_the_way}"))
    assert upgrade(engine) == VERSIONS[1:]
