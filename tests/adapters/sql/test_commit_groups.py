"""SQLite: held inserts of units of work committing at once share one transaction.

A unit of work that reads, then only inserts, holds its inserts until the commit
(:mod:`formlavoro_adapters.sql.held_inserts`). On SQLite its commit queues: the first
in the queue commits its own inserts and those queued behind it in one transaction,
each unit of work's inside a savepoint. A unit of work's failing insert fails its own
commit only; a failure of the transaction fails every commit of the group; alone, a
unit of work commits as before.
"""

from __future__ import annotations

import pathlib
import sqlite3
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import event

from formlavoro_adapters.sql import SqlStorage, sqlite_storage
from formlavoro_adapters.sql.commit_groups import CommitGroups, Queued
from formlavoro_adapters.sql.held_inserts import HeldInsert
from formlavoro_core.errors import DuplicateKeyError, StorageError
from tests.adapters.sql.commit_threads import (
    MESSAGES,
    WAIT,
    Outcome,
    add_after_a_read,
    stored,
    until,
)

# -- the queue ------------------------------------------------------------------------------


class _Leaders:
    """A ``run`` for CommitGroups that notes each group and can hold the first one."""

    def __init__(self) -> None:
        self.groups: list[int] = []
        self.release = threading.Event()
        self.failing: set[str] = set()
        """Keys of held inserts whose unit of work fails on its own."""

    def run(self, group: list[Queued]) -> None:
        self.groups.append(len(group))
        if len(self.groups) == 1:
            assert self.release.wait(WAIT)
        for member in group:
            if member.held[0].key in self.failing:
                member.failure = DuplicateKeyError("message", member.held[0].key)


def _commit_in_thread(
    groups: CommitGroups, marker: int, run: Callable[[list[Queued]], None]
) -> tuple[threading.Thread, Outcome]:
    outcome: Outcome = {}

    def commit() -> None:
        try:
            groups.commit([HeldInsert("INSERT", (), "message", str(marker))], run)
            outcome["failure"] = None
        except BaseException as exc:  # noqa: BLE001 - the test reads it
            outcome["failure"] = exc

    thread = threading.Thread(target=commit)
    thread.start()
    return thread, outcome


def _held_behind_a_leader(
    groups: CommitGroups, run: Callable[[list[Queued]], None], behind: int
) -> list[tuple[threading.Thread, Outcome]]:
    """A first commit leading (its ``run`` holds it), then ``behind`` queued after it."""
    first = _commit_in_thread(groups, 0, run)
    until(lambda: groups.committing and groups.waiting == 0)
    others = [_commit_in_thread(groups, marker, run) for marker in range(1, behind + 1)]
    until(lambda: groups.waiting == behind)
    return [first, *others]


def test_a_commit_alone_is_a_group_of_one() -> None:
    leaders = _Leaders()
    leaders.release.set()
    CommitGroups().commit([HeldInsert("INSERT", (), "message", "0")], leaders.run)
    assert leaders.groups == [1]


def test_commits_queued_behind_a_leader_go_as_one_group() -> None:
    groups, leaders = CommitGroups(), _Leaders()
    commits = _held_behind_a_leader(groups, leaders.run, behind=3)
    leaders.release.set()
    for thread, _ in commits:
        thread.join(WAIT)
    assert leaders.groups == [1, 3]
    assert [outcome["failure"] for _, outcome in commits] == [None] * 4
    assert (groups.committing, groups.waiting) == (False, 0)


def test_a_member_failure_fails_its_own_commit_only() -> None:
    groups, leaders = CommitGroups(), _Leaders()
    leaders.failing = {"2"}
    commits = _held_behind_a_leader(groups, leaders.run, behind=3)
    leaders.release.set()
    for thread, _ in commits:
        thread.join(WAIT)
    failures = [outcome["failure"] for _, outcome in commits]
    assert [type(failure) for failure in failures] == [
        type(None),
        type(None),
        DuplicateKeyError,
        type(None),
    ]


def test_a_failed_transaction_fails_every_commit_of_its_group() -> None:
    groups, leaders = CommitGroups(), _Leaders()

    def run(group: list[Queued]) -> None:
        leaders.run(group)
        if len(group) > 1:
            raise StorageError("transaction 'commit': disk I/O error")

    commits = _held_behind_a_leader(groups, run, behind=2)
    leaders.release.set()
    for thread, _ in commits:
        thread.join(WAIT)
    first, *grouped = (outcome["failure"] for _, outcome in commits)
    assert first is None
    # Either commit queued behind the first may lead the group: the leader's commit
    # raises the transaction's failure, the other's its own error, caused by it.
    (leader,) = [failure for failure in grouped if failure is None or failure.__cause__ is None]
    (follower,) = [failure for failure in grouped if failure is not leader]
    assert isinstance(leader, StorageError)
    assert isinstance(follower, StorageError)
    assert "disk I/O error" in str(follower)
    assert follower.__cause__ is leader


# -- on a SQLite storage ---------------------------------------------------------------------


@pytest.fixture
def storage(tmp_path: pathlib.Path) -> Iterator[SqlStorage]:
    made = sqlite_storage(tmp_path / "portal.db")
    try:
        yield made
    finally:
        made.dispose()


def _sent(storage: SqlStorage) -> list[str]:
    """The first word of each statement sent from now on."""
    sent: list[str] = []

    @event.listens_for(storage.engine, "before_cursor_execute")
    def note(*args: Any) -> None:
        sent.append(args[2].split(maxsplit=1)[0].upper())

    return sent


def _add_in_threads(
    storage: SqlStorage, numbers: list[list[int]]
) -> list[tuple[threading.Thread, Outcome]]:
    """While a writer holds the turn, one thread per list adds those messages after a read.

    The first thread leads the first group, alone; the others queue behind it and go
    as the second group when the writer ends.
    """
    groups = storage.commit_groups
    commits = []

    with storage(exclusive=True) as writer:
        writer.messages.get(MESSAGES[0].id)  # takes the writers' turn
        for position, indexes in enumerate(numbers):
            outcome: Outcome = {}
            thread = threading.Thread(target=add_after_a_read, args=(storage, indexes, outcome))
            thread.start()
            commits.append((thread, outcome))
            if position == 0:
                until(lambda: groups.committing and groups.waiting == 0)
        until(lambda: groups.waiting == len(numbers) - 1)
        writer.rollback()
    for thread, _ in commits:
        thread.join(WAIT)
    return commits


def test_units_of_work_committing_at_once_share_one_transaction(storage: SqlStorage) -> None:
    sent = _sent(storage)
    commits = _add_in_threads(storage, [[0], [1, 2], [3]])
    assert [outcome["failure"] for _, outcome in commits] == [None, None, None]
    assert stored(storage) == [True, True, True, True, False]
    written = [word for word in sent if word != "SELECT"]
    assert written.count("BEGIN") == 3  # the writer's, the lone leader's, the group's
    assert written.count("SAVEPOINT") == written.count("RELEASE") == 2
    assert written.count("INSERT") == 4


def test_a_duplicate_in_a_group_fails_its_own_commit_and_stores_nothing_of_it(
    storage: SqlStorage,
) -> None:
    with storage() as uow:
        uow.messages.add(MESSAGES[2])
        uow.commit()
    commits = _add_in_threads(storage, [[0], [1, 2], [3]])
    first, duplicate, third = (outcome["failure"] for _, outcome in commits)
    assert first is None
    assert third is None
    assert isinstance(duplicate, DuplicateKeyError)
    assert (duplicate.entity, duplicate.key) == ("message", MESSAGES[2].id)
    # Message 2 went with the duplicate: its unit of work stored nothing.
    assert stored(storage) == [True, False, True, True, False]


def test_a_failed_group_transaction_fails_each_commit_and_stores_nothing(
    storage: SqlStorage,
) -> None:
    @event.listens_for(storage.engine, "before_cursor_execute")
    def failing(*args: Any) -> None:
        if args[2].startswith("RELEASE"):
            raise sqlite3.OperationalError("disk I/O error")

    commits = _add_in_threads(storage, [[0], [1, 2], [3]])
    first, second, third = (outcome["failure"] for _, outcome in commits)
    assert first is None
    assert isinstance(second, StorageError)
    assert isinstance(third, StorageError)
    assert "disk I/O error" in str(second)
    assert "disk I/O error" in str(third)
    assert stored(storage) == [True, False, False, False, False]
    with storage() as uow:  # the connections are usable again
        assert uow.messages.get(MESSAGES[4].id) is None
        uow.messages.add(MESSAGES[4])
        uow.commit()
    assert stored(storage)[4]


def test_a_unit_of_work_alone_commits_its_held_inserts_without_savepoint(
    storage: SqlStorage,
) -> None:
    sent = _sent(storage)
    with storage() as uow:
        assert uow.messages.get(MESSAGES[0].id) is None
        uow.messages.add(MESSAGES[0])
        uow.messages.add(MESSAGES[1])
        assert sent == ["SELECT"]  # held until the commit
        uow.commit()
    assert sent == ["SELECT", "BEGIN", "INSERT", "INSERT"]  # then the driver's commit
    assert stored(storage) == [True, True, False, False, False]


def test_a_duplicate_held_alone_names_its_insert_and_stores_nothing(storage: SqlStorage) -> None:
    with storage() as uow:
        uow.messages.add(MESSAGES[1])
        uow.commit()
    with storage() as uow:
        assert uow.messages.get(MESSAGES[0].id) is None
        uow.messages.add(MESSAGES[0])
        uow.messages.add(MESSAGES[1])
        with pytest.raises(DuplicateKeyError) as raised:
            uow.commit()
    assert (raised.value.entity, raised.value.key) == ("message", MESSAGES[1].id)
    assert stored(storage) == [False, True, False, False, False]
