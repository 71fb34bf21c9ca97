"""SEC-5: a storage error never repeats the values written (fiscal codes, names).

PostgreSQL's ``DETAIL: Failing row contains (...)`` and SQLAlchemy's ``[parameters: ...]``
carry the row; the library's :class:`StorageError` keeps the driver's first line only.
"""

from __future__ import annotations

import pathlib
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from formlavoro_adapters.sql import SqlStorage, sqlite_storage
from formlavoro_core.errors import StorageError
from formlavoro_core.testing.storage_contract import sample_account
from tests.postgres import create_schema, drop_schema, migrated_storage, require_server


@pytest.fixture(params=["sqlite", "postgresql"])
def refusing_storage(
    request: pytest.FixtureRequest, tmp_path: pathlib.Path
) -> Iterator[SqlStorage]:
    """A storage whose accounts table refuses every new row by a constraint of its own."""
    if request.param == "sqlite":
        storage = sqlite_storage(tmp_path / "refusing.db")
        with storage.engine.begin() as connection:
            connection.execute(
                text(
                    "CREATE TRIGGER refuse BEFORE INSERT ON accounts "
                    "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
                )
            )
        yield storage
        storage.dispose()
        return
    require_server()
    schema = create_schema()
    storage = migrated_storage(schema)
    with storage.engine.begin() as connection:
        connection.execute(
            text("ALTER TABLE accounts ADD CONSTRAINT refuse CHECK (false) NOT VALID")
        )
    try:
        yield storage
    finally:
        storage.dispose()
        drop_schema(schema)


def test_sec_5_a_refused_write_tells_no_personal_value(refusing_storage: SqlStorage) -> None:
    account = sample_account(0)

    def write() -> None:
        with refusing_storage() as uow:
            uow.accounts.add(account)
            uow.commit()

    with pytest.raises(StorageError) as raised:
        write()
    told = f"{raised.value} {raised.value.args}"
    assert "account" in told
    for personal in (str(account.fiscal_code), account.given_name, account.family_name):
        assert personal not in told
