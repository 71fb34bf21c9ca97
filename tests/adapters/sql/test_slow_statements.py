"""The slow-statement log sees the statements the repositories send to the driver.

Reads by key, searches, inserts and updates go straight to the driver's cursor; the
log must time them as it times SQLAlchemy's own, and still write no bound value.
"""

from __future__ import annotations

import datetime as dt
import logging
import pathlib

import attrs
import pytest

from formlavoro_adapters.sql import sqlite_storage
from formlavoro_adapters.sql.slow import watch_slow_statements
from formlavoro_core.identity.fiscal_code import FiscalCode
from formlavoro_core.identity.model import Account
from formlavoro_core.ids import AccountId

FISCAL_CODE = "RSSMRA85T10A562S"


def test_statements_sent_to_the_driver_are_timed_without_their_values(
    tmp_path: pathlib.Path, caplog: pytest.LogCaptureFixture
) -> None:
    storage = sqlite_storage(tmp_path / "portal.db", synchronous="OFF")
    watch_slow_statements(storage.engine, 0)
    account = Account(
        id=AccountId("account-1"),
        fiscal_code=FiscalCode.parse(FISCAL_CODE),
        given_name="Annunziata",
        family_name="Rossi",
        created_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC),
    )
    try:
        with caplog.at_level(logging.WARNING, logger="formlavoro.adapters.sql.slow"):
            with storage() as uow:
                stored = uow.accounts.add(account)
                uow.accounts.update(attrs.evolve(stored, given_name="Nunzia"))
                uow.commit()
            with storage() as uow:
                found = uow.accounts.get(account.id)
                by_code = uow.accounts.by_fiscal_code(FiscalCode.parse(FISCAL_CODE))
    finally:
        storage.engine.dispose()
    assert found is not None
    assert by_code is not None
    assert (found.given_name, found.version) == ("Nunzia", 2)
    lines = [record.getMessage() for record in caplog.records]
    assert any("INSERT INTO accounts" in line for line in lines)
    assert any("UPDATE accounts SET" in line for line in lines)
    reads = [line for line in lines if "FROM accounts" in line]
    assert len(reads) >= 2  # by key and by fiscal code, both sent to the driver
    for line in lines:
        assert line.startswith("slow statement: ")
        for value in (FISCAL_CODE, "Annunziata", "Nunzia", "Rossi"):
            assert value not in line
