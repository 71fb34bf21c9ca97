"""PostgreSQL: held inserts of units of work committing at once go in one pipeline.

A unit of work that reads, then only inserts, holds its inserts until the commit
(:mod:`formlavoro_adapters.sql.held_inserts`), and its commit queues
(:mod:`formlavoro_adapters.sql.commit_groups`): the first in the queue sends its own
inserts and those queued behind it with one ``BEGIN`` and one ``COMMIT``, in one
pipeline. When a statement of that pipeline fails, the group is rolled back and each
unit of work's inserts go in a pipeline of their own: a duplicate fails its own
commit only. A dropped connection fails every commit of the group, storing nothing.

The first commit is held inside its pipeline, before its ``BEGIN`` goes, until the
others have queued behind it: they then go as the next group, deterministically.
"""

from __future__ import annotations

import logging
import pathlib
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from psycopg import pq
from sqlalchemy import event

from formlavoro_adapters.sql import SqlStorage
from formlavoro_core.errors import DuplicateKeyError, StorageError
from tests.adapters.sql.commit_threads import (
    MESSAGES,
    WAIT,
    Outcome,
    add_after_a_read,
    stored,
    until,
)
from tests.portals import storage_of
from tests.postgres import dsn


@pytest.fixture
def storage(tmp_path: pathlib.Path) -> Iterator[SqlStorage]:
    with storage_of("postgres", tmp_path) as made:
        assert isinstance(made, SqlStorage)
        yield made


class _Pipelines:
    """Notes the statements sent from now on; holds the first pipeline at its ``BEGIN``.

    ``on_begin`` is called with the cursor of each pipelined ``BEGIN`` after the first.
    """

    def __init__(self, storage: SqlStorage) -> None:
        self.sent: list[tuple[str, bool]] = []
        self.release = threading.Event()
        self.on_begin: Callable[[Any], None] = lambda cursor: None
        self._begins = 0
        event.listen(storage.engine, "before_cursor_execute", self._note)

    def _note(self, *args: Any) -> None:
        cursor, word = args[1], args[2].split(maxsplit=1)[0].upper()
        pipelined = cursor.connection.pgconn.pipeline_status != pq.PipelineStatus.OFF
        self.sent.append((word, pipelined))
        if word == "BEGIN" and pipelined:
            self._begins += 1
            if self._begins == 1:
                assert self.release.wait(WAIT)
            else:
                self.on_begin(cursor)

    def written(self) -> list[tuple[str, bool]]:
        return [(word, pipelined) for word, pipelined in self.sent if word != "SELECT"]


def _add_in_threads(
    storage: SqlStorage, pipelines: _Pipelines, numbers: list[list[int]]
) -> list[Outcome]:
    """One thread per list adds those messages after a read, and commits.

    The first thread's commit leads a group of its own and is held in its pipeline
    until the others have queued behind it; they then go as the second group.
    """
    groups = storage.commit_groups
    threads, outcomes = [], []
    for position, indexes in enumerate(numbers):
        outcome: Outcome = {}
        thread = threading.Thread(target=add_after_a_read, args=(storage, indexes, outcome))
        thread.start()
        threads.append(thread)
        outcomes.append(outcome)
        if position == 0:
            until(lambda: groups.committing and groups.waiting == 0)
    until(lambda: groups.waiting == len(numbers) - 1)
    pipelines.release.set()
    for thread in threads:
        thread.join(WAIT)
    return outcomes


def test_units_of_work_committing_at_once_share_one_pipeline(storage: SqlStorage) -> None:
    pipelines = _Pipelines(storage)
    outcomes = _add_in_threads(storage, pipelines, [[0], [1, 2], [3]])
    assert [outcome["failure"] for outcome in outcomes] == [None, None, None]
    assert stored(storage) == [True, True, True, True, False]
    # The leader alone, then the group: one BEGIN and one COMMIT for two units of work.
    words = [word for word, _ in pipelines.written()]
    assert words[:3] == ["BEGIN", "INSERT", "COMMIT"]
    assert words[3:] == ["BEGIN", "INSERT", "INSERT", "INSERT", "COMMIT"]
    assert all(pipelined for _, pipelined in pipelines.written())


def test_a_duplicate_in_a_group_fails_its_own_commit_only(
    storage: SqlStorage, caplog: pytest.LogCaptureFixture
) -> None:
    with storage() as uow:
        uow.messages.add(MESSAGES[2])
        uow.commit()
    pipelines = _Pipelines(storage)
    with caplog.at_level(logging.DEBUG, logger="psycopg"):
        first, duplicate, third = (
            outcome["failure"]
            for outcome in _add_in_threads(storage, pipelines, [[0], [1, 2], [3]])
        )
    assert first is None
    assert third is None
    assert isinstance(duplicate, DuplicateKeyError)
    assert (duplicate.entity, duplicate.key) == ("message", MESSAGES[2].id)
    # Message 2 went with the duplicate: its unit of work stored nothing.
    assert stored(storage) == [True, False, True, True, False]
    # The group's pipeline failed; each unit of work's inserts then went on their own.
    assert pipelines.written().count(("BEGIN", True)) == 4
    # The failure is the commit's to report: the driver logged nothing of it.
    assert [
        record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING
    ] == []


def test_a_connection_dropped_in_a_group_fails_each_commit_and_stores_nothing(
    storage: SqlStorage,
) -> None:
    import psycopg  # noqa: PLC0415 - the server's own session, to end the other

    pipelines = _Pipelines(storage)

    def drop(cursor: Any) -> None:
        with psycopg.connect(dsn(), autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (cursor.connection.info.backend_pid,))

    pipelines.on_begin = drop
    first, second, third = (
        outcome["failure"] for outcome in _add_in_threads(storage, pipelines, [[0], [1, 2], [3]])
    )
    assert first is None
    assert isinstance(second, StorageError)
    assert isinstance(third, StorageError)
    assert second is not third  # each commit raises its own
    assert stored(storage) == [True, False, False, False, False]
    # Nothing of the group was sent again: whether the server committed is unknown.
    assert pipelines.written().count(("BEGIN", True)) == 2
    pipelines.on_begin = lambda cursor: None
    with storage() as uow:  # the storage is usable again
        assert uow.messages.get(MESSAGES[4].id) is None
        uow.messages.add(MESSAGES[4])
        uow.commit()
    assert stored(storage)[4]
