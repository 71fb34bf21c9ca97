"""SEC-4: every repository and every table is declared as holding personal data or not.

A repository added to the unit of work, or a table added to the schema, fails here until
it says whether it holds records about citizens; a holder must export and erase them on
every storage (the erasure tests then scan what is left).
"""

from __future__ import annotations

import inspect
import pathlib

import pytest

from formlavoro_adapters.sql.personal_data import TABLE_HOLDERS, TABLES_WITHOUT_PERSONAL_DATA
from formlavoro_adapters.sql.tables import METADATA
from formlavoro_core.ports import UnitOfWork
from formlavoro_core.privacy.registry import NO_PERSONAL_DATA, PERSONAL_DATA
from formlavoro_core.privacy.subject import PersonalDataHolder
from tests.portals import STORAGES, storage_of


def _repositories() -> set[str]:
    return {
        name
        for name, member in inspect.getmembers(UnitOfWork)
        if isinstance(member, property) and not name.startswith("_")
    }


def test_sec4_every_repository_of_the_unit_of_work_is_declared_once() -> None:
    assert set(PERSONAL_DATA).isdisjoint(NO_PERSONAL_DATA)
    assert set(PERSONAL_DATA) | set(NO_PERSONAL_DATA) == _repositories()
    assert all(reason.strip() for reason in (*PERSONAL_DATA.values(), *NO_PERSONAL_DATA.values()))


def test_sec4_every_table_is_declared_and_its_holder_holds_personal_data() -> None:
    assert set(TABLE_HOLDERS).isdisjoint(TABLES_WITHOUT_PERSONAL_DATA)
    assert set(TABLE_HOLDERS) | set(TABLES_WITHOUT_PERSONAL_DATA) == set(METADATA.tables)
    assert set(TABLE_HOLDERS.values()) == set(PERSONAL_DATA)


@pytest.mark.parametrize("kind", STORAGES)
def test_sec4_every_holder_exports_and_erases_on_every_storage(
    kind: str, tmp_path: pathlib.Path
) -> None:
    with storage_of(kind, tmp_path) as storage, storage() as uow:
        for name in PERSONAL_DATA:
            assert isinstance(getattr(uow, name), PersonalDataHolder), (kind, name)
