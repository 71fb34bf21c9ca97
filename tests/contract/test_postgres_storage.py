"""The storage contract, run against the PostgreSQL adapter on a real server."""

from __future__ import annotations

import pytest

from formlavoro_adapters.sql import SqlStorage
from formlavoro_core.ports import UnitOfWorkFactory
from formlavoro_core.testing.storage_contract import StorageContract
from tests.postgres import emptied


class TestPostgresStorage(StorageContract):
    @pytest.fixture(autouse=True)
    def _server(self, postgres_storage: SqlStorage) -> None:
        self.shared = postgres_storage

    def make_storage(self) -> UnitOfWorkFactory:
        return emptied(self.shared)
