"""The engines' configuration, and the ``Instant`` column type on both databases."""

from __future__ import annotations

import datetime as dt
import pathlib
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Column, Integer, MetaData, Table, insert, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import StatementError

from formlavoro_adapters.sql import postgres_engine, sqlite_engine, sqlite_storage
from formlavoro_adapters.sql.driver_errors import translated
from formlavoro_adapters.sql.types import Instant
from formlavoro_core.errors import ConfigurationError, DuplicateKeyError, StorageError
from formlavoro_core.identity.fiscal_code import FiscalCode
from formlavoro_core.identity.model import Account
from formlavoro_core.ids import AccountId
from tests.postgres import create_schema, drop_schema, dsn, require_server

# -- SQLite ----------------------------------------------------------------------------------


def _pragma(engine: Engine, name: str) -> object:
    with engine.connect() as connection:
        return connection.exec_driver_sql(f"PRAGMA {name}").scalar()


def test_every_sqlite_connection_is_in_wal_mode_with_full_sync_foreign_keys_and_a_busy_timeout(
    tmp_path: pathlib.Path,
) -> None:
    engine = sqlite_engine(tmp_path / "portal.db")
    try:
        # Two connections open at once: the pragmas are set on each, not once per file.
        with engine.connect() as first, engine.connect() as second:
            for connection in (first, second):
                assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
                assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
                assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
                assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
        engine.dispose()
        # And again on a connection made after the pool was emptied.
        assert _pragma(engine, "synchronous") == 2
        assert _pragma(engine, "foreign_keys") == 1
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("asked", "expected"), [("NORMAL", 1), ("normal", 1), ("OFF", 0), ("EXTRA", 3)]
)
def test_the_synchronous_mode_can_be_relaxed_or_tightened(
    tmp_path: pathlib.Path, asked: str, expected: int
) -> None:
    engine = sqlite_engine(tmp_path / "portal.db", synchronous=asked)
    try:
        assert _pragma(engine, "synchronous") == expected
        assert _pragma(engine, "journal_mode") == "wal"
    finally:
        engine.dispose()


def test_the_busy_timeout_is_configurable(tmp_path: pathlib.Path) -> None:
    engine = sqlite_engine(tmp_path / "portal.db", busy_timeout_ms=250)
    try:
        assert _pragma(engine, "busy_timeout") == 250
    finally:
        engine.dispose()


def test_the_file_is_read_through_memory_mapping_only_when_asked(tmp_path: pathlib.Path) -> None:
    plain = sqlite_engine(tmp_path / "plain.db")
    mapped = sqlite_engine(tmp_path / "mapped.db", mmap_mb=64)
    try:
        assert _pragma(plain, "mmap_size") == 0
        with mapped.connect() as first, mapped.connect() as second:
            for connection in (first, second):
                assert connection.exec_driver_sql("PRAGMA mmap_size").scalar() == 64 * 1024 * 1024
    finally:
        plain.dispose()
        mapped.dispose()


def test_a_mapped_storage_reads_what_it_wrote(tmp_path: pathlib.Path) -> None:
    storage = sqlite_storage(tmp_path / "portal.db", mmap_mb=16)
    account = Account(
        id=AccountId("account-1"),
        fiscal_code=FiscalCode.parse("RSSMRA85T10A562S"),
        given_name="Anna",
        family_name="Rossi",
        created_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC),
    )
    try:
        with storage() as uow:
            uow.accounts.add(account)
            uow.commit()
        with storage() as uow:
            stored = uow.accounts.get(account.id)
        assert stored is not None
        assert (stored.given_name, stored.version) == ("Anna", 1)
    finally:
        storage.engine.dispose()


@pytest.mark.parametrize("size", [-1, 1.5, True, "64"])
def test_a_memory_mapping_size_must_be_whole_mebibytes(
    tmp_path: pathlib.Path, size: object
) -> None:
    with pytest.raises(ConfigurationError, match="mmap_mb"):
        sqlite_engine(tmp_path / "portal.db", mmap_mb=size)  # type: ignore[arg-type]
    assert not (tmp_path / "portal.db").exists()


def test_foreign_keys_are_enforced(tmp_path: pathlib.Path) -> None:
    engine = sqlite_engine(tmp_path / "portal.db")
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE parent (id INTEGER PRIMARY KEY)")
            connection.exec_driver_sql(
                "CREATE TABLE child (id INTEGER PRIMARY KEY, parent REFERENCES parent(id))"
            )
        with pytest.raises(Exception, match="FOREIGN KEY"), engine.begin() as connection:
            connection.exec_driver_sql("INSERT INTO child VALUES (1, 42)")
    finally:
        engine.dispose()


def test_the_database_file_is_created_when_missing(tmp_path: pathlib.Path) -> None:
    file = tmp_path / "new.db"
    engine = sqlite_engine(file)
    try:
        assert _pragma(engine, "foreign_keys") == 1
        assert file.exists()
    finally:
        engine.dispose()


@pytest.mark.parametrize("mode", ["FAST", "", "FULL; DROP TABLE x"])
def test_an_unknown_synchronous_mode_is_refused(tmp_path: pathlib.Path, mode: str) -> None:
    with pytest.raises(ConfigurationError, match="synchronous"):
        sqlite_engine(tmp_path / "portal.db", synchronous=mode)


def test_an_in_memory_database_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="file path"):
        sqlite_engine(":memory:")


def test_a_file_in_a_missing_folder_is_refused(tmp_path: pathlib.Path) -> None:
    with pytest.raises(ConfigurationError, match="does not exist"):
        sqlite_engine(tmp_path / "nowhere" / "portal.db")
    assert not (tmp_path / "nowhere").exists()


def test_an_empty_path_is_refused() -> None:
    with pytest.raises(ConfigurationError):
        sqlite_engine("")


# -- PostgreSQL ------------------------------------------------------------------------------


def _with_query(url: str, query: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}{query}"


@pytest.fixture
def schema() -> Iterator[str]:
    require_server()
    name = create_schema()
    try:
        yield name
    finally:
        drop_schema(name)


def _show(engine: Engine, setting: str) -> object:
    try:
        with engine.connect() as connection:
            return connection.execute(text(f"SHOW {setting}")).scalar()
    finally:
        engine.dispose()


def test_the_schema_query_parameter_becomes_the_search_path(schema: str) -> None:
    engine = postgres_engine(_with_query(dsn(), f"schema={schema}"))
    assert _show(engine, "search_path") == schema


def test_the_schema_argument_becomes_the_search_path(schema: str) -> None:
    assert _show(postgres_engine(dsn(), schema=schema), "search_path") == schema


def test_other_query_parameters_still_reach_the_driver(schema: str) -> None:
    url = _with_query(dsn(), f"schema={schema}&application_name=formlavoro_tests")
    assert _show(postgres_engine(url), "application_name") == "formlavoro_tests"
    assert _show(postgres_engine(url), "search_path") == schema


def test_without_a_schema_the_server_default_search_path_stays(schema: str) -> None:
    assert _show(postgres_engine(dsn()), "search_path") == '"$user", public'


def test_the_postgres_scheme_alias_is_accepted(schema: str) -> None:
    url = dsn().replace("postgresql://", "postgres://", 1)
    assert _show(postgres_engine(url, schema=schema), "search_path") == schema


def test_the_schema_argument_wins_over_the_url_parameter(schema: str) -> None:
    engine = postgres_engine(_with_query(dsn(), "schema=public"), schema=schema)
    assert _show(engine, "search_path") == schema


def test_encoded_query_values_reach_the_driver_unchanged(schema: str) -> None:
    engine = postgres_engine(_with_query(dsn(), "application_name=a%26b"))
    assert _show(engine, "application_name") == "a&b"


@pytest.mark.parametrize(
    "name", ["a b", "public,pg_catalog", "x;drop", "a-b", "x'y", 'x"y', "a -cwork_mem=1"]
)
def test_odd_schema_names_are_refused(name: str) -> None:
    with pytest.raises(ConfigurationError, match="schema name"):
        postgres_engine(dsn(), schema=name)
    with pytest.raises(ConfigurationError, match="schema name"):
        postgres_engine(_with_query("postgresql://u@h/db", f"schema={name}"))


@pytest.mark.parametrize("url", ["mysql://u@h/db", "sqlite:///portal.db", "h/db"])
def test_a_url_that_is_not_postgresql_is_refused(url: str) -> None:
    with pytest.raises(ConfigurationError, match="not a PostgreSQL URL"):
        postgres_engine(url)


# -- the Instant type ------------------------------------------------------------------------

_INSTANTS = Table(
    "instants",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("at", Instant, nullable=True),
)

aware_datetimes = st.datetimes(
    min_value=dt.datetime(1, 1, 2),  # noqa: DTZ001 - hypothesis bounds are naive
    max_value=dt.datetime(9999, 12, 30),  # noqa: DTZ001
    timezones=st.one_of(
        st.just(dt.UTC),
        st.builds(
            dt.timezone,
            st.timedeltas(
                min_value=dt.timedelta(hours=-23, minutes=-59),
                max_value=dt.timedelta(hours=23, minutes=59),
            ),
        ),
        st.timezones(),
    ),
)


@pytest.fixture(scope="module")
def sqlite_instants(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = sqlite_engine(tmp_path_factory.mktemp("instants") / "instants.db")
    _INSTANTS.create(engine)
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def postgres_instants() -> Iterator[Engine]:
    require_server()
    name = create_schema()
    engine = postgres_engine(dsn(), schema=name)
    _INSTANTS.create(engine)
    try:
        yield engine
    finally:
        engine.dispose()
        drop_schema(name)


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def instants(request: pytest.FixtureRequest) -> Engine:
    engine: Engine = request.getfixturevalue(f"{request.param}_instants")
    return engine


def _utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC)


def _round_trip(engine: Engine, value: dt.datetime | None) -> dt.datetime | None:
    with engine.begin() as connection:
        connection.execute(insert(_INSTANTS).values(id=1, at=value))
        stored: dt.datetime | None = connection.execute(
            select(_INSTANTS.c.at).where(_INSTANTS.c.id == 1)
        ).scalar_one()
        connection.execute(_INSTANTS.delete())
    return stored


@settings(deadline=None, max_examples=60)
@given(value=aware_datetimes)
def test_an_instant_comes_back_as_the_same_moment_in_utc(
    instants: Engine, value: dt.datetime
) -> None:
    stored = _round_trip(instants, value)
    assert stored is not None
    # Compared in UTC: Python never calls a time of a repeated (DST) hour equal to one in
    # another zone (PEP 495), although they are the same moment.
    assert stored == _utc(value)
    assert stored.utcoffset() == dt.timedelta(0)
    assert stored.replace(tzinfo=None) == value.astimezone(dt.UTC).replace(tzinfo=None)


def test_a_missing_instant_stays_missing(instants: Engine) -> None:
    assert _round_trip(instants, None) is None


def test_a_naive_datetime_is_refused(instants: Engine) -> None:
    naive = dt.datetime(2026, 3, 2, 9, 0)  # noqa: DTZ001 - the point of the test
    with pytest.raises(StatementError, match="naive datetimes are not stored"):
        _round_trip(instants, naive)
    with instants.connect() as connection:
        assert connection.execute(select(_INSTANTS.c.id)).first() is None


def test_the_sqlite_text_is_fixed_width_iso_8601_in_utc(sqlite_instants: Engine) -> None:
    value = dt.datetime(2026, 3, 2, 10, 0, 0, 5, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    with sqlite_instants.begin() as connection:
        connection.execute(insert(_INSTANTS).values(id=1, at=value))
        raw = connection.exec_driver_sql("SELECT at FROM instants").scalar_one()
        connection.execute(_INSTANTS.delete())
    assert raw == "2026-03-02T09:00:00.000005+00:00"


@settings(deadline=None, max_examples=60)
@given(values=st.lists(aware_datetimes, min_size=2, max_size=12))
def test_the_sqlite_text_sorts_in_time_order(
    sqlite_instants: Engine, values: list[dt.datetime]
) -> None:
    with sqlite_instants.begin() as connection:
        connection.execute(insert(_INSTANTS), [{"at": value} for value in values])
        ordered = connection.execute(select(_INSTANTS.c.at).order_by(_INSTANTS.c.at)).scalars()
        in_text_order = list(ordered)
        later = connection.execute(
            select(_INSTANTS.c.at).where(_INSTANTS.c.at > values[0])
        ).scalars()
        after_first = sorted(later)
        connection.execute(_INSTANTS.delete())
    assert in_text_order == sorted(_utc(value) for value in values)
    assert after_first == sorted(_utc(value) for value in values if value > values[0])


def test_instants_before_the_year_1000_keep_their_order_and_read_back(
    sqlite_instants: Engine,
) -> None:
    early = dt.datetime(999, 12, 31, 23, 0, tzinfo=dt.UTC)
    late = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    try:
        with sqlite_instants.begin() as connection:
            connection.execute(insert(_INSTANTS), [{"at": late}, {"at": early}])
            ordered = list(
                connection.execute(select(_INSTANTS.c.at).order_by(_INSTANTS.c.at)).scalars()
            )
    finally:
        with sqlite_instants.begin() as connection:
            connection.execute(_INSTANTS.delete())
    assert ordered == [early, late]


def test_only_a_unique_key_taken_is_a_duplicate(tmp_path: pathlib.Path) -> None:
    """Other constraint violations are storage errors: bugs to report, not conflicts."""
    engine = sqlite_engine(tmp_path / "constraints.db")
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE t (id TEXT PRIMARY KEY, v TEXT NOT NULL)")
            connection.exec_driver_sql("INSERT INTO t VALUES ('a', 'x')")
        with (
            pytest.raises(DuplicateKeyError, match="'a' is already stored"),
            engine.begin() as connection,
            translated("thing", "a"),
        ):
            connection.exec_driver_sql("INSERT INTO t VALUES ('a', 'y')")
        with (
            pytest.raises(StorageError) as raised,
            engine.begin() as connection,
            translated("thing", "b"),
        ):
            connection.exec_driver_sql("INSERT INTO t VALUES ('b', NULL)")
        assert not isinstance(raised.value, DuplicateKeyError)
    finally:
        engine.dispose()
