"""The storage contract, run against the in-memory adapter."""

from __future__ import annotations

from formlavoro_adapters import InMemoryStorage
from formlavoro_core.ports import UnitOfWorkFactory
from formlavoro_core.testing.storage_contract import StorageContract


class TestInMemoryStorage(StorageContract):
    def make_storage(self) -> UnitOfWorkFactory:
        return InMemoryStorage()
