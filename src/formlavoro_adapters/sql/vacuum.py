"""PostgreSQL after a bulk load: the new pages marked all-visible, the statistics fresh.

A search or a match reads index entries only (an index-only scan) when the visibility
map says that every row of the entries' pages is visible to every transaction; else it
visits each row's page too. At 1,000,000 offers a filtered total took 8 ms with the map
set and 51 ms without.

``VACUUM`` sets the map only for rows that no open transaction could still be blind to:
while a transaction that began before the load commits is open (a long report, a
backup, a forgotten session, another process's load), it leaves the loaded pages
unmarked. It also resets the count of inserted rows that would bring autovacuum, so the
pages could stay unmarked until much later. :func:`vacuum_loaded` therefore checks the
map after its ``VACUUM`` and, while pages are missing, waits for the older transactions
and vacuums again, for a bounded time; then it logs a warning on
``formlavoro.adapters.sql.vacuum`` naming the tables (nothing else) and returns.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence

from sqlalchemy import text
from sqlalchemy.engine import Connection

from formlavoro_adapters.sql.driver_errors import translated
from formlavoro_adapters.sql.storage import SqlStorage

__all__ = ["SETTLE_SECONDS", "vacuum_loaded"]

_log = logging.getLogger("formlavoro.adapters.sql.vacuum")

SETTLE_SECONDS = 60.0
"""How long :func:`vacuum_loaded` waits, at most, for transactions older than the load."""
_FIRST_PAUSE = 0.05
_LONGEST_PAUSE = 2.0
_MARKED = 0.98
"""A table counts as marked with this share of its pages all-visible: on a portal in
use, the pages that people are changing meanwhile are not, and need not be."""


def vacuum_loaded(
    storage: SqlStorage,
    tables: Sequence[str],
    entity: str,
    *,
    settle_seconds: float = SETTLE_SECONDS,
    pause: Callable[[float], None] = time.sleep,
) -> None:
    """PostgreSQL, after a bulk load: ``VACUUM (ANALYZE)`` the tables it filled.

    Outside any transaction. While a table's pages are not marked all-visible (see the
    module's description), it waits (``pause``, from 50 ms doubling up to 2 s) and
    vacuums that table again, for at most ``settle_seconds``; then it logs a warning
    and returns: the load itself is stored either way. SQLite needs none of this.

    Raises:
        StorageError: the database failed.
    """
    if storage.engine.dialect.name != "postgresql":
        return
    with translated(entity, "bulk load"), storage.engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT")
        for table in tables:
            connection.exec_driver_sql(f"VACUUM (ANALYZE) {table}")
        waited, wait = 0.0, _FIRST_PAUSE
        unmarked = _unmarked(connection, tables)
        while unmarked and waited < settle_seconds:
            wait = min(wait, settle_seconds - waited)
            pause(wait)
            waited += wait
            wait = min(wait * 2, _LONGEST_PAUSE)
            for table in unmarked:
                connection.exec_driver_sql(f"VACUUM {table}")
            unmarked = _unmarked(connection, tables)
    if unmarked:
        _log.warning(
            "after a bulk load, pages of %s are not marked all-visible: a transaction "
            "older than the load stayed open for %.0f s; searches read those rows until "
            "the next VACUUM of these tables",
            ", ".join(unmarked),
            waited,
        )


def _unmarked(connection: Connection, tables: Sequence[str]) -> list[str]:
    """The tables with fewer than :data:`_MARKED` of their pages all-visible."""
    rows = connection.execute(
        text(
            "SELECT relname, relpages, relallvisible FROM pg_class"
            " WHERE oid = ANY(CAST(:tables AS regclass[]))"
        ),
        {"tables": list(tables)},
    ).all()
    unmarked = {str(name) for name, pages, visible in rows if visible < pages * _MARKED}
    return [table for table in tables if table in unmarked]
