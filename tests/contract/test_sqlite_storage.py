"""The storage contract, run against the SQLite adapter on a real file."""

from __future__ import annotations

import itertools
import pathlib

import pytest

from formlavoro_adapters.sql import sqlite_storage
from formlavoro_core.ports import UnitOfWorkFactory
from formlavoro_core.testing.storage_contract import StorageContract

_files = itertools.count()


class TestSqliteStorage(StorageContract):
    @pytest.fixture(autouse=True)
    def _folder(self, tmp_path: pathlib.Path) -> None:
        self.folder = tmp_path

    def make_storage(self) -> UnitOfWorkFactory:
        return sqlite_storage(self.folder / f"portal-{next(_files)}.db")
