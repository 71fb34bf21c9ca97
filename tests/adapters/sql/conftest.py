"""Fixtures of the SQL adapter's tests: the SQL storage the search tests compare with memory."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from formlavoro_adapters.sql import SqlStorage, sqlite_storage
from formlavoro_adapters.sql.tables import COURSES, CV_PROFESSIONS, CVS, OFFERS
from tests.adapters.sql.search_comparison import clear


@pytest.fixture(params=["sqlite", "postgresql"])
def sql_storage(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SqlStorage]:
    """Migrated SQL storage of the backend under test, for one test function."""
    if request.param == "postgresql":
        shared: SqlStorage = request.getfixturevalue("postgres_storage")
        yield shared
        clear(shared, OFFERS, COURSES, CV_PROFESSIONS, CVS)
        return
    # synchronous=OFF: durability is not under test here, and fsyncs would dominate.
    storage = sqlite_storage(tmp_path_factory.mktemp("search") / "search.db", synchronous="OFF")
    try:
        yield storage
    finally:
        storage.dispose()
