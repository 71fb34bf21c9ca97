"""An application on a SQL storage reads in one statement before it writes (issue 13).

Applying reads the offer, the citizen's application to it (AP-3), their CV (AP-1) and
their account (AP-12) before anything is written. The SQL storages read the four in one
statement (``uow.applying``): on PostgreSQL each statement is a round trip to the
server. What the four answer is the storage contract's to check; here, what the
portal sends for one application, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import pathlib
from typing import Any

import pytest
from sqlalchemy import event

from formlavoro_adapters.sql import SqlStorage
from formlavoro_core.applications.failures import AlreadyApplied
from tests.portals import storage_of, world_on
from tests.support import ok


def _sent(storage: SqlStorage) -> list[str]:
    """The first word of every statement sent from now on, and the tables written."""
    sent: list[str] = []

    @event.listens_for(storage.engine, "before_cursor_execute")
    def note(*args: Any) -> None:
        sql: str = args[2]
        words = sql.split()
        if words[0].upper() == "INSERT":
            sent.append(f"INSERT {words[2]}")
        else:
            sent.append(words[0].upper())

    return sent


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_an_application_reads_once_then_writes_the_application_and_its_acknowledgement(
    kind: str, tmp_path: pathlib.Path
) -> None:
    with storage_of(kind, tmp_path) as storage:
        assert isinstance(storage, SqlStorage)
        world = world_on(storage)
        citizen, _ = world.citizen_with_published_cv()
        offer = world.offer(world.company())
        sent = _sent(storage)
        application = ok(world.portal.applications.apply(citizen, offer.id))
        first = list(sent)
        again = world.portal.applications.apply(citizen, offer.id)
    assert application.offer == offer.id
    written = [s for s in first if s.startswith("INSERT")]
    assert written == ["INSERT applications", "INSERT messages", "INSERT outbox"], first
    reads = first[: first.index("INSERT applications")]
    assert [s for s in reads if s not in ("BEGIN", "SAVEPOINT")] == ["SELECT"], reads
    assert isinstance(again.failure(), AlreadyApplied)
