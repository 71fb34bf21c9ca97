"""A writer killed with SIGKILL in the middle of a batch leaves only whole batches (issue 4.5).

A child process writes batches of offers in a loop, one transaction per batch, through the
portal's own SQL storage (the bulk loader, or one unit of work adding them one by one),
and reports each commit. The parent kills it with SIGKILL once it is writing a batch, at
varied moments, then checks that the SQLite file passes ``PRAGMA integrity_check`` (and
the full-text index its own check), that every batch present is whole, that every batch
the child reported committed is there, and that the storage takes writes again.
PostgreSQL gets the same kill in mid-transaction and the whole-batch checks.
"""

from __future__ import annotations

import os
import pathlib
import secrets
import signal
import sqlite3
import time
from collections import Counter
from collections.abc import Iterator

import attrs
import pytest
from sqlalchemy import select, text

from formlavoro_adapters.sql import SqlStorage, sqlite_storage
from formlavoro_adapters.sql.bulk import load_offers
from formlavoro_adapters.sql.tables import OFFERS
from tests.adapters.sql.workers.batch_writer import batch, batch_of
from tests.adapters.sql.workers.processes import TIMEOUT, Child
from tests.postgres import create_schema, drop_schema, emptied, migrated_storage, require_server


@attrs.frozen
class Round:
    """One run of the writer: how it writes, and when it dies."""

    mode: str
    """``bulk`` (the bulk loader) or ``unit`` (a unit of work, offer by offer)."""
    size: int
    """Rows per batch."""
    commits: int
    """Commits to wait for before picking the batch to kill."""
    delay: float
    """Seconds between the batch's first row and the kill."""


ROUNDS = (
    Round("bulk", 200, 2, 0.0),
    Round("unit", 50, 1, 0.0),
    Round("bulk", 200, 3, 0.012),
    Round("unit", 50, 2, 0.035),
    Round("bulk", 200, 1, 0.02),
    # Late kills: around the commit, or once the batch is in and the next one starts.
    Round("bulk", 200, 2, 0.03),
    Round("unit", 50, 1, 0.09),
)


@attrs.frozen
class Outcome:
    """What the parent saw of a killed writer."""

    committed: frozenset[int]
    """The batches the child reported committed."""
    writing: int
    """The last batch it started writing (the one it was writing when killed)."""


def run_and_kill(target: str, plan: Round, application_name: str = "") -> Outcome:
    """Start the writer, wait for ``plan.commits`` commits and the next batch, kill it."""
    args = [target, plan.mode, str(plan.size)] + ([application_name] if application_name else [])
    committed: set[int] = set()
    writing = 0
    with Child("batch_writer", *args) as child:
        while True:
            line = child.line()
            if line is None:
                raise AssertionError(f"the writer exited by itself:\n{child.errors()}")
            word, number = line.split()
            if word == "committed":
                committed.add(int(number))
            elif len(committed) >= plan.commits:
                writing = int(number)
                break
        if plan.delay:
            time.sleep(plan.delay)
        os.kill(child.pid, signal.SIGKILL)
        assert child.process.wait(timeout=TIMEOUT) == -signal.SIGKILL
        for line in child.rest():
            word, number = line.split()
            if word == "committed":
                committed.add(int(number))
            else:
                writing = int(number)
    return Outcome(committed=frozenset(committed), writing=writing)


def assert_whole_batches(ids: list[str], plan: Round, outcome: Outcome) -> set[int]:
    """Every batch present is whole and in sequence; every reported commit is present."""
    sizes = Counter(batch_of(offer_id) for offer_id in ids)
    present = set(sizes)
    assert all(size == plan.size for size in sizes.values()), f"a batch is partial: {sizes}"
    assert outcome.committed <= present, "a batch reported committed is missing"
    assert present == set(range(1, len(present) + 1)), f"batches missing: {sorted(present)}"
    assert max(present) <= outcome.writing
    return present


# -- SQLite ---------------------------------------------------------------------------------


def check_sqlite_file(path: pathlib.Path) -> list[str]:
    """Open the file as a fresh process would; run the integrity checks; return offer ids."""
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        # The full-text index agrees with the offers it indexes (raises if not).
        connection.execute("INSERT INTO offers_fts(offers_fts) VALUES ('integrity-check')")
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        return [offer_id for (offer_id,) in connection.execute("SELECT id FROM offers")]
    finally:
        connection.close()


def test_a_killed_sqlite_writer_leaves_an_intact_file_with_only_whole_batches(
    tmp_path: pathlib.Path,
) -> None:
    interrupted = []
    for number, plan in enumerate(ROUNDS):
        path = tmp_path / f"round-{number}.db"
        sqlite_storage(path).dispose()  # migrated before the writer starts
        outcome = run_and_kill(f"sqlite:{path}", plan)
        present = assert_whole_batches(check_sqlite_file(path), plan, outcome)
        interrupted.append(outcome.writing not in present)
        # The file takes writes again: no lock or journal left behind blocks it.
        storage = sqlite_storage(path)
        try:
            assert load_offers(storage, batch(outcome.writing + 1, 3)) == 3
        finally:
            storage.dispose()
        assert len(check_sqlite_file(path)) == len(present) * plan.size + 3
    assert any(interrupted), "no kill landed inside a transaction"


# -- PostgreSQL -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def postgres_crash_storage() -> Iterator[tuple[str, SqlStorage]]:
    require_server()
    schema = create_schema()
    storage = migrated_storage(schema)
    try:
        yield schema, storage
    finally:
        storage.dispose()
        drop_schema(schema)


def wait_until_gone(storage: SqlStorage, application_name: str) -> None:
    """Wait until the server ended the killed child's session (and its transaction)."""
    deadline = time.monotonic() + TIMEOUT
    query = text("SELECT count(*) FROM pg_stat_activity WHERE application_name = :name")
    while True:
        with storage.engine.connect() as connection:
            if connection.execute(query, {"name": application_name}).scalar_one() == 0:
                return
        assert time.monotonic() < deadline, "the killed writer's session never ended"
        time.sleep(0.02)


def test_a_killed_postgres_writer_leaves_only_whole_batches(
    postgres_crash_storage: tuple[str, SqlStorage],
) -> None:
    schema, storage = postgres_crash_storage
    interrupted = []
    for plan in ROUNDS:
        emptied(storage)
        name = f"formlavoro-crash-{secrets.token_hex(4)}"
        outcome = run_and_kill(f"postgresql:{schema}", plan, name)
        wait_until_gone(storage, name)
        with storage.engine.connect() as connection:
            ids = list(connection.execute(select(OFFERS.c.id)).scalars())
        present = assert_whole_batches(ids, plan, outcome)
        interrupted.append(outcome.writing not in present)
        assert load_offers(storage, batch(outcome.writing + 1, 3)) == 3
    assert any(interrupted), "no kill landed inside a transaction"
