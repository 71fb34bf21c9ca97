"""SEC-2 on SQL storage: failures recorded at once on one key are all counted."""

from __future__ import annotations

import datetime as dt
import pathlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from formlavoro_adapters.sql import SqlStorage, postgres_engine, sqlite_engine, upgrade
from formlavoro_core.errors import ConcurrencyConflictError
from tests.postgres import create_schema, drop_schema, dsn, require_server

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
WORKERS = 6
EACH = 15


@pytest.fixture(params=["sqlite", "postgres"])
def storage(request: pytest.FixtureRequest, tmp_path: pathlib.Path) -> Iterator[SqlStorage]:
    if request.param == "sqlite":
        engine = sqlite_engine(tmp_path / "portal.db")
        upgrade(engine)
        yield SqlStorage(engine)
        engine.dispose()
        return
    require_server()
    schema = create_schema()
    engine = postgres_engine(dsn(), schema=schema)
    try:
        upgrade(engine)
        yield SqlStorage(engine)
    finally:
        engine.dispose()
        drop_schema(schema)


def _record(storage: SqlStorage, number: int) -> int:
    at = T0 + dt.timedelta(microseconds=number)
    while True:
        try:
            with storage() as uow:
                counted = uow.login_failures.record(
                    "source:192.0.2.7", at=at, forget_before=T0 - dt.timedelta(hours=24)
                )
                uow.commit()
                return counted.failures
        except ConcurrencyConflictError:
            continue  # what the portal's runner does: run the unit of work again


def test_sec_2_concurrent_failures_on_one_key_are_all_counted(storage: SqlStorage) -> None:
    with ThreadPoolExecutor(WORKERS) as pool:
        counts = list(pool.map(lambda n: _record(storage, n), range(WORKERS * EACH)))
    # Every failure saw a distinct count: none was lost to another's write.
    assert sorted(counts) == list(range(1, WORKERS * EACH + 1))
    with storage() as uow:
        stored = uow.login_failures.get("source:192.0.2.7")
    assert stored is not None
    assert stored.failures == WORKERS * EACH
