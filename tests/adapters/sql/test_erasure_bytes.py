"""SEC-4: after an erasure, the SQLite file and its log hold none of the citizen's bytes.

``secure_delete`` zeroes what is deleted, and the erasure's commit checkpoints and
truncates the log, which still held older copies of the pages.
"""

from __future__ import annotations

import pathlib

from formlavoro_adapters.sql import SqlStorage
from tests.core.privacy.journey import MARCELLO, ZENOBIA, journey
from tests.portals import storage_of, world_on
from tests.support import ok

VALUES = ("given_name", "family_name", "fiscal_code", "email", "phone", "cover_letter", "reply")


def _bytes(folder: pathlib.Path) -> bytes:
    """The database file and its write-ahead log, as they are on disk."""
    return b"".join(
        path.read_bytes() for path in sorted(folder.glob("portal.db*")) if path.is_file()
    )


def test_sec4_no_byte_of_the_erased_citizen_is_left_in_the_sqlite_files(
    tmp_path: pathlib.Path,
) -> None:
    with storage_of("sqlite", tmp_path) as storage:
        assert isinstance(storage, SqlStorage)
        w = world_on(storage)
        ids = journey(w)
        before = _bytes(tmp_path)
        for name in VALUES:
            assert ZENOBIA[name].encode() in before, name  # the scan finds them while there
        ok(w.portal.privacy.erase(ids["zenobia"]))
        after = _bytes(tmp_path)
        for name in VALUES:
            assert ZENOBIA[name].encode() not in after, name
        assert MARCELLO["cover_letter"].encode() in after  # the rest of the data is kept
        assert (tmp_path / "portal.db-wal").stat().st_size == 0
        # The portal carries on: new writes, new log.
        ok(w.portal.privacy.export(ids["marcello"]))
        assert ZENOBIA["fiscal_code"].encode() not in _bytes(tmp_path)
