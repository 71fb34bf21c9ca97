"""PostgreSQL: inserts made after a read are held, and sent with the commit in one pipeline.

What the unit of work stores and the failures it raises are those of inserts sent one
by one: a read after them sees them, a rollback leaves nothing, a duplicate key names
its own insert, a connection dropped before the commit stores nothing.
"""

from __future__ import annotations

import pathlib
from collections.abc import Iterator
from typing import Any

import pytest
from psycopg import pq
from sqlalchemy import event

from formlavoro_adapters.sql import SqlStorage
from formlavoro_core.errors import DuplicateKeyError, StorageError
from formlavoro_core.testing.marketplace_samples import sample_message
from tests.portals import storage_of
from tests.postgres import dsn

ONE, TWO, THREE = sample_message(1), sample_message(2), sample_message(3)


@pytest.fixture
def storage(tmp_path: pathlib.Path) -> Iterator[SqlStorage]:
    with storage_of("postgres", tmp_path) as made:
        assert isinstance(made, SqlStorage)
        yield made


def _sent(storage: SqlStorage) -> list[tuple[str, bool]]:
    """Each statement's first word from now on, and whether it went in a pipeline."""
    sent: list[tuple[str, bool]] = []

    @event.listens_for(storage.engine, "before_cursor_execute")
    def note(*args: Any) -> None:
        status = args[1].connection.pgconn.pipeline_status
        sent.append((args[2].split()[0].upper(), status != pq.PipelineStatus.OFF))

    return sent


def _stored(storage: SqlStorage) -> list[bool]:
    with storage() as uow:
        return [uow.messages.get(offer.id) is not None for offer in (ONE, TWO, THREE)]


def test_inserts_after_a_read_go_with_the_commit_in_one_pipeline(storage: SqlStorage) -> None:
    sent = _sent(storage)
    with storage() as uow:
        assert uow.messages.get(ONE.id) is None
        uow.messages.add(ONE)
        uow.messages.add(TWO)
        uow.commit()
    assert sent == [
        ("SELECT", False),
        ("BEGIN", True),
        ("INSERT", True),
        ("INSERT", True),
        ("COMMIT", True),
    ]
    assert _stored(storage) == [True, True, False]


def test_inserts_before_any_read_are_sent_at_once(storage: SqlStorage) -> None:
    # Nothing has shown yet that the connection is still open: the BEGIN goes alone,
    # and is sent again on a new connection when the server had dropped this one.
    sent = _sent(storage)
    with storage() as uow:
        uow.messages.add(ONE)
        uow.commit()
    assert sent == [("BEGIN", False), ("INSERT", False)]  # then the driver's commit


def test_a_statement_after_held_inserts_sends_them_first_and_reads_them(
    storage: SqlStorage,
) -> None:
    sent = _sent(storage)
    with storage() as uow:
        assert uow.messages.get(THREE.id) is None
        uow.messages.add(ONE)
        found = uow.messages.get(ONE.id)
        uow.messages.add(TWO)  # the transaction has begun: sent at once
        uow.commit()
    assert found is not None
    assert found.id == ONE.id
    assert [word for word, _ in sent] == ["SELECT", "BEGIN", "INSERT", "SELECT", "INSERT"]
    assert not any(pipelined for _, pipelined in sent)
    assert _stored(storage) == [True, True, False]


def test_a_rollback_sends_nothing_of_the_held_inserts(storage: SqlStorage) -> None:
    sent = _sent(storage)
    with storage() as uow:
        assert uow.messages.get(ONE.id) is None
        uow.messages.add(ONE)
        uow.rollback()
        uow.messages.add(TWO)
    assert [word for word, _ in sent] == ["SELECT"]
    assert _stored(storage) == [False, False, False]


def test_a_duplicate_among_held_inserts_names_its_insert_and_stores_nothing(
    storage: SqlStorage,
) -> None:
    with storage() as uow:
        uow.messages.add(TWO)
        uow.commit()
    with storage() as uow:
        assert uow.messages.get(ONE.id) is None
        uow.messages.add(ONE)
        uow.messages.add(TWO)
        uow.messages.add(THREE)
        with pytest.raises(DuplicateKeyError) as raised:
            uow.commit()
    assert (raised.value.entity, raised.value.key) == ("message", TWO.id)
    assert _stored(storage) == [False, True, False]
    with storage() as uow:  # the connection is usable again
        assert uow.messages.get(ONE.id) is None
        uow.messages.add(ONE)
        uow.commit()
    assert _stored(storage) == [True, True, False]


def test_a_connection_dropped_before_the_commit_fails_it_and_stores_nothing(
    storage: SqlStorage,
) -> None:
    import psycopg  # noqa: PLC0415 - the server's own session, to end the other

    with storage() as uow:
        ((pid,),) = uow.session.read("SELECT pg_backend_pid()", (), "test")
        uow.messages.add(ONE)
        with psycopg.connect(dsn(), autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        with pytest.raises(StorageError, match="commit"):
            uow.commit()
    assert _stored(storage) == [False, False, False]
