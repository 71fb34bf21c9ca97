"""Everything a storage holds, as text, to look for a citizen's values (SEC-4 tests)."""

from __future__ import annotations

from sqlalchemy import select

from formlavoro_adapters import InMemoryFileStore, InMemoryStorage
from formlavoro_adapters.sql import SqlStorage
from formlavoro_adapters.sql.tables import METADATA
from formlavoro_core.codec import Codec
from formlavoro_core.ports import UnitOfWorkFactory
from tests.support import strings_in


def stored_text(storage: UnitOfWorkFactory) -> str:
    """Every row of every table (SQL), or every committed record (memory), as one text."""
    if isinstance(storage, InMemoryStorage):
        return "\n".join(strings_in(Codec.for_documents().unstructure(storage.dump())))
    assert isinstance(storage, SqlStorage)
    lines = []
    with storage.engine.connect() as connection:
        for table in METADATA.sorted_tables:
            lines += [repr(tuple(row)) for row in connection.execute(select(table)).all()]
    return "\n".join(lines)


def stored_files(files: InMemoryFileStore) -> bytes:
    """Every file's bytes, one after the other."""
    return b"\n".join(files._files.values())
