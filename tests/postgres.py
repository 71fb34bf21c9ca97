"""PostgreSQL for the tests: one schema per test session, dropped at the end.

``FORMLAVORO_TEST_POSTGRES_DSN`` names the server (default
``postgresql://postgres@127.0.0.1:5432/test``). Without a server the PostgreSQL tests
are skipped, with a message saying how to enable them; with
``FORMLAVORO_REQUIRE_POSTGRES=1`` (CI sets it) a missing server fails the run instead.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator

import pytest
import sqlalchemy
from sqlalchemy import text

from formlavoro_adapters.sql import SqlStorage, postgres_engine, upgrade
from formlavoro_adapters.sql.tables import METADATA, SCHEMA_VERSION

DEFAULT_DSN = "postgresql://postgres@127.0.0.1:5432/test"


def dsn() -> str:
    """The server the tests use."""
    return os.environ.get("FORMLAVORO_TEST_POSTGRES_DSN", DEFAULT_DSN)


def _required() -> bool:
    return os.environ.get("FORMLAVORO_REQUIRE_POSTGRES") == "1"


def reachable() -> str | None:
    """``None`` when the server answers, else why not."""
    try:
        engine = postgres_engine(dsn())
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except sqlalchemy.exc.SQLAlchemyError as exc:
        return str(exc).splitlines()[0]
    return None


def require_server() -> None:
    """Skip (or fail, when required) unless the test server answers."""
    problem = reachable()
    if problem is None:
        return
    message = (
        f"PostgreSQL at {dsn()} does not answer ({problem}); start a server or set "
        "FORMLAVORO_TEST_POSTGRES_DSN to run these tests"
    )
    if _required():
        pytest.fail(message)
    pytest.skip(message)


def create_schema() -> str:
    """A new empty schema, migrated to the latest version; returns its name."""
    name = f"formlavoro_test_{secrets.token_hex(4)}"
    admin = postgres_engine(dsn())
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {name}"))
    admin.dispose()
    return name


def drop_schema(name: str) -> None:
    """Drop a test schema and everything in it."""
    admin = postgres_engine(dsn())
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
    admin.dispose()


def migrated_storage(schema: str) -> SqlStorage:
    """Storage in ``schema``, migrated."""
    engine = postgres_engine(dsn(), schema=schema)
    upgrade(engine)
    return SqlStorage(engine)


def emptied(storage: SqlStorage) -> SqlStorage:
    """The same storage with every table emptied (the schema stays)."""
    names = ", ".join(table.name for table in METADATA.sorted_tables if table is not SCHEMA_VERSION)
    with storage.engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    return storage


@pytest.fixture(scope="session")
def postgres_storage() -> Iterator[SqlStorage]:
    """Migrated storage in a schema of its own for the whole session."""
    require_server()
    schema = create_schema()
    storage = migrated_storage(schema)
    try:
        yield storage
    finally:
        storage.dispose()
        drop_schema(schema)
