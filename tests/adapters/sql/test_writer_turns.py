"""SQLite writers of one storage take turns in the process (issue 13, point 4).

A writer waits for the other writers of its storage before it sends ``BEGIN
IMMEDIATE``, instead of sleeping in SQLite's busy handler; the turn passes on when the
transaction ends, however it ends (a commit, a rollback, a refused write). Reads
before the first write take no turn. A writer that waits too long goes on to SQLite's
busy handler, as before.
"""

from __future__ import annotations

import logging
import os
import pathlib
import sqlite3
import threading
import warnings
from collections.abc import Iterator
from typing import Any

import attrs
import pytest
from returns.result import Success
from sqlalchemy import event

from formlavoro_adapters.sql import SqlStorage, sqlite_storage
from formlavoro_adapters.sql.writers import WriterTurns, lock_file_of
from formlavoro_core.errors import ConcurrencyConflictError
from formlavoro_core.ids import OfferId
from formlavoro_core.principals import CitizenPrincipal
from formlavoro_core.testing.marketplace_samples import sample_offer
from tests.adapters.sql.workers.scene import build_scene, open_storage, sql_world

PAUSE = 0.3
"""Seconds a test gives a second writer to go ahead if nothing held it back."""


@pytest.fixture
def sqlite(tmp_path: pathlib.Path) -> Iterator[SqlStorage]:
    storage = sqlite_storage(tmp_path / "portal.db")
    with storage() as uow:
        for number in (1, 2, 3):
            uow.offers.add(sample_offer(number))
        uow.commit()
    try:
        yield storage
    finally:
        storage.dispose()


def _sent_by_thread(storage: SqlStorage) -> dict[str, list[str]]:
    """Every statement SQLite runs from now on, by the name of the thread that sent it."""
    sent: dict[str, list[str]] = {}
    storage.dispose()

    @event.listens_for(storage.engine, "connect")
    def trace(connection: sqlite3.Connection, _record: Any) -> None:
        def note(statement: str) -> None:
            sent.setdefault(threading.current_thread().name, []).append(statement)

        connection.set_trace_callback(note)

    return sent


def _retitle(storage: SqlStorage, number: int, title: str) -> None:
    with storage() as uow:
        offer = uow.offers.get(sample_offer(number).id)
        assert offer is not None
        uow.offers.update(attrs.evolve(offer, title=title))
        uow.commit()


def _title(storage: SqlStorage, number: int) -> str | None:
    with storage() as uow:
        offer = uow.offers.get(OfferId(sample_offer(number).id))
    return None if offer is None else offer.title


def _second_writer(storage: SqlStorage, outcome: list[object]) -> threading.Thread:
    def write() -> None:
        try:
            _retitle(storage, 2, "Secondo")
            outcome.append("committed")
        except Exception as exc:  # noqa: BLE001 - the failure is the outcome checked
            outcome.append(exc)

    return threading.Thread(target=write, name="second")


@pytest.mark.parametrize("ending", ["commit", "rollback"])
def test_a_writer_sends_no_begin_until_the_writer_before_it_ends(
    sqlite: SqlStorage, ending: str
) -> None:
    sent = _sent_by_thread(sqlite)
    outcome: list[object] = []
    second = _second_writer(sqlite, outcome)
    with sqlite() as uow:
        offer = uow.offers.get(sample_offer(1).id)
        assert offer is not None
        uow.offers.update(attrs.evolve(offer, title="Primo"))
        second.start()
        second.join(timeout=PAUSE)
        waiting = list(sent.get("second", []))
        if ending == "commit":
            uow.commit()
    second.join()
    # The second writer read its offer meanwhile (reads take no turn), but sent no BEGIN.
    assert waiting, "the second writer read before its first write"
    assert not [s for s in waiting if s.upper().startswith("BEGIN")]
    assert "BEGIN IMMEDIATE" in sent["second"]
    assert outcome == ["committed"]
    assert _title(sqlite, 1) == ("Primo" if ending == "commit" else sample_offer(1).title)
    assert _title(sqlite, 2) == "Secondo"


def test_a_failed_write_ends_its_turn(sqlite: SqlStorage) -> None:
    with sqlite() as uow:
        stale = uow.offers.get(sample_offer(3).id)
    assert stale is not None
    _retitle(sqlite, 3, "Nuovo")
    with sqlite() as uow, pytest.raises(ConcurrencyConflictError):
        uow.offers.update(attrs.evolve(stale, title="Vecchio"))  # the version moved on
    outcome: list[object] = []
    second = _second_writer(sqlite, outcome)
    second.start()
    second.join(timeout=10)
    assert outcome == ["committed"]


def test_many_threads_writing_each_commit_their_change(sqlite: SqlStorage) -> None:
    with sqlite() as uow:
        for number in range(10, 30):
            uow.offers.add(sample_offer(number))
        uow.commit()
    failures: list[BaseException] = []

    def write(number: int) -> None:
        try:
            _retitle(sqlite, number, f"Titolo {number}")
        except BaseException as exc:  # noqa: BLE001 - collected and checked below
            failures.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(10, 30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert [_title(sqlite, n) for n in range(10, 30)] == [f"Titolo {n}" for n in range(10, 30)]


def test_a_writer_that_waits_too_long_goes_on_without_its_turn() -> None:
    turns = WriterTurns(wait_seconds=0.05)
    assert turns.take()
    assert not turns.take(), "the turn is held: the second writer goes on without it"
    turns.give_back()
    assert turns.take(), "given back, the turn goes to the next writer"
    turns.give_back()


def test_an_application_reads_everything_before_its_turn(tmp_path: pathlib.Path) -> None:
    """AP-12's acknowledgement is read and rendered before the application is written.

    The turn (and SQLite's write lock) is then held for the writes and the commit only,
    and another writer's reads and rendering run beside them.
    """
    storage = open_storage(f"sqlite:{tmp_path / 'portal.db'}")
    try:
        world = sql_world(storage, tmp_path / "files")
        scene = build_scene(world)
        sent = _sent_by_thread(storage)
        result = world.portal.applications.apply(CitizenPrincipal(scene.anna), scene.offers[0])
        assert isinstance(result, Success), result
        statements = sent[threading.current_thread().name]
        begin = statements.index("BEGIN IMMEDIATE")
        before, after = statements[:begin], statements[begin + 1 :]
        assert any(s.lstrip().upper().startswith("SELECT") for s in before)
        written = [s.split()[0].upper() for s in after if not s.startswith("--")]
        assert "INSERT" in written
        assert written[-1] == "COMMIT"
        assert set(written) <= {"INSERT", "UPDATE", "DELETE", "COMMIT"}, after
    finally:
        storage.dispose()


def test_writers_of_two_storages_on_one_file_take_turns(sqlite: SqlStorage) -> None:
    """Another storage on the file (as in another process) waits for the turn too."""
    database = sqlite.engine.url.database
    assert database is not None
    other = sqlite_storage(database)
    try:
        sent = _sent_by_thread(other)
        outcome: list[object] = []
        second = _second_writer(other, outcome)
        with sqlite() as uow:
            offer = uow.offers.get(sample_offer(1).id)
            assert offer is not None
            uow.offers.update(attrs.evolve(offer, title="Primo"))
            second.start()
            second.join(timeout=PAUSE)
            waiting = list(sent.get("second", []))
            uow.commit()
        second.join()
        assert waiting, "the other storage's writer read before its first write"
        assert not [s for s in waiting if s.upper().startswith("BEGIN")]
        assert outcome == ["committed"]
        assert (_title(sqlite, 1), _title(sqlite, 2)) == ("Primo", "Secondo")
    finally:
        other.dispose()


def test_a_forked_process_queues_on_its_own_lock(tmp_path: pathlib.Path) -> None:
    """A child forked after its parent opened the lock file does not share its lock."""
    turns = WriterTurns(lock_file=tmp_path / "portal.db-writers")
    assert turns.take()
    turns.give_back()  # the parent's descriptor is open when it forks
    ready, go = os.pipe(), os.pipe()
    with warnings.catch_warnings():
        # Python 3.12+ warns about forking a process with threads (pytest's own): the
        # child only takes the turn, writes to a pipe and exits.
        warnings.simplefilter("ignore", DeprecationWarning)
        child = os.fork()
    if child == 0:  # pragma: no cover - the child process
        code = 1
        try:
            os.close(ready[0])
            os.close(go[1])
            turns.take()
            os.write(ready[1], b"1")
            os.read(go[0], 1)  # until the parent writes, or ends
            turns.give_back()
            code = 0
        finally:
            os._exit(code)
    os.close(ready[1])
    os.close(go[0])
    taken = threading.Event()

    def parent_writer() -> None:
        turns.take()
        taken.set()
        turns.give_back()

    writer = threading.Thread(target=parent_writer, daemon=True)
    try:
        assert os.read(ready[0], 1) == b"1"  # the child holds its turn
        writer.start()
        went_ahead = taken.wait(PAUSE)
    finally:
        os.write(go[1], b"1")
        os.close(go[1])
        os.close(ready[0])
        status = os.waitpid(child, 0)[1]
    assert not went_ahead, "the parent's writer went ahead of the child's"
    assert taken.wait(10)
    writer.join()
    assert status == 0
    turns.close()


def test_without_its_lock_file_a_storage_queues_in_the_process(
    tmp_path: pathlib.Path, caplog: pytest.LogCaptureFixture
) -> None:
    turns = WriterTurns(lock_file=tmp_path / "missing" / "portal.db-writers")
    with caplog.at_level(logging.WARNING, "formlavoro.adapters.sql.writers"):
        assert turns.take()
        turns.give_back()
        assert turns.take()
        turns.give_back()
    assert len(caplog.records) == 1, "said once"
    assert "FileNotFoundError" in caplog.text
    assert str(tmp_path) not in caplog.text
    assert not (tmp_path / "missing").exists()


def test_a_database_in_memory_or_named_by_uri_has_no_lock_file() -> None:
    assert lock_file_of(None) is None
    assert lock_file_of(":memory:") is None
    assert lock_file_of("file:portal.db?mode=ro") is None
    assert lock_file_of("/srv/portal.db") == pathlib.Path("/srv/portal.db-writers")
