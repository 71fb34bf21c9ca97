"""SQLite writers of one storage take turns in the process (issue 13, point 4).

A writer waits for the other writers of its storage before it sends ``BEGIN
IMMEDIATE``, instead of sleeping in SQLite's busy handler; the turn passes on when the
transaction ends, however it ends (a commit, a rollback, a refused write). Reads
before the first write take no turn. A writer that waits too long goes on to SQLite's
busy handler, as before.
"""

from __future__ import annotations

import pathlib
import sqlite3
import threading
from collections.abc import Iterator
from typing import Any

import attrs
import pytest
from sqlalchemy import event

from formlavoro_adapters.sql import SqlStorage, sqlite_storage
from formlavoro_adapters.sql.writers import WriterTurns
from formlavoro_core.errors import ConcurrencyConflictError
from formlavoro_core.ids import OfferId
from formlavoro_core.testing.marketplace_samples import sample_offer

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
