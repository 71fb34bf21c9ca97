"""The SQL outbox (issue 11 point 2): claims that skip each other, and schema version 6.

- On PostgreSQL a dispatcher's claim holds its rows (``FOR UPDATE SKIP LOCKED``): another
  dispatcher, claiming at the same time, gets the other rows at once.
- A database at version 5 upgrades to 6 with its outbox and events: pending emails stay
  due (a claimed one when its claim ends), sent ones are not due again, and documents
  written before the migration load with the new fields empty.
"""

from __future__ import annotations

import datetime as dt
import json
import pathlib
from collections.abc import Iterator
from typing import Any

import attrs
import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from formlavoro_adapters.sql import SqlStorage, upgrade
from formlavoro_adapters.sql.documents import dump
from formlavoro_adapters.sql.migrations import MIGRATIONS
from formlavoro_adapters.sql.types import sqlite_text
from formlavoro_core.deadlines import Deadline
from formlavoro_core.ids import OutboxMessageId
from formlavoro_core.messaging.outbox import DeliveryState, EmailKind, OutboxMessage, OutgoingEmail
from formlavoro_core.testing.marketplace_samples import sample_event
from tests.adapters.sql.migration_support import empty_engine
from tests.postgres import create_schema, drop_schema, migrated_storage, require_server

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
MINUTE = dt.timedelta(minutes=1)
NEW_FIELDS = ("next_attempt_at", "dead_at", "requeued_at")
NEW_EMAIL_FIELDS = ("link", "language", "recipient_name", "reference")


def _mail(number: int, **changes: Any) -> OutboxMessage:
    message = OutboxMessage(
        id=OutboxMessageId(f"mail-{number:03d}"),
        email=OutgoingEmail(
            to=f"cittadino{number}@example.it",
            subject=f"Messaggio {number}",
            body="Buongiorno.",
            kind=EmailKind.NEW_MESSAGE,
        ),
        created_at=T0 + number * dt.timedelta(seconds=1),
    )
    return attrs.evolve(message, **changes)


@pytest.fixture
def postgres() -> Iterator[SqlStorage]:
    require_server()
    schema = create_schema()
    storage = migrated_storage(schema)
    try:
        yield storage
    finally:
        storage.dispose()
        drop_schema(schema)


def test_point_2_on_postgresql_a_claim_skips_the_rows_another_claim_holds(
    postgres: SqlStorage,
) -> None:
    """Point 2: two claims at once take different rows, neither waits for the other."""
    with postgres() as uow:
        for number in range(5):
            uow.outbox.add(_mail(number))
        uow.commit()
    first, second = postgres(), postgres()
    with first as a, second as b:
        # Without SKIP LOCKED the second claim would wait for the first: fail instead.
        b.session.connection().execute(text("SET LOCAL lock_timeout = '5s'"))
        until = T0 + 5 * MINUTE
        held = [
            a.outbox.update(m.claimed(until)) for m in a.outbox.pending(limit=2, now=T0 + MINUTE)
        ]
        others = [
            b.outbox.update(m.claimed(until)) for m in b.outbox.pending(limit=10, now=T0 + MINUTE)
        ]
        assert {m.id for m in held} == {OutboxMessageId("mail-000"), OutboxMessageId("mail-001")}
        assert [m.id for m in others] == [OutboxMessageId(f"mail-{n:03d}") for n in (2, 3, 4)]
        b.commit()
        a.commit()
    with postgres() as uow:
        assert uow.outbox.pending(limit=10, now=T0 + MINUTE) == []
        assert len(uow.outbox.pending(limit=10, now=T0 + 5 * MINUTE)) == 5


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request: pytest.FixtureRequest, tmp_path: pathlib.Path) -> Iterator[Engine]:
    with empty_engine(request.param, tmp_path) as made:
        yield made


def _old_document(message: OutboxMessage) -> str:
    """The document as the library wrote it before version 6: without the new fields."""
    data = json.loads(dump(message))
    for name in NEW_FIELDS:
        data.pop(name, None)
    for name in NEW_EMAIL_FIELDS:
        data["email"].pop(name, None)
    return json.dumps(data)


def test_point_2_version_6_keeps_the_outbox_due_as_it_was(engine: Engine) -> None:
    """Point 2 / schema 6: pending stays due, a claim holds until it ends, sent is done."""
    delivery = next(m for m in MIGRATIONS if m.name == "mail delivery and deadlines")
    upgrade(engine, target=delivery.version - 1)
    sqlite = engine.dialect.name == "sqlite"

    def instant(value: dt.datetime | None) -> object:
        return sqlite_text(value) if sqlite and value is not None else value

    rows = (
        _mail(1),
        _mail(2, claimed_until=T0 + 10 * MINUTE),
        _mail(3, sent_at=T0 + MINUTE, attempts=1),
    )
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO outbox (id, version, doc, created_at, sent_at, claimed_until) "
                "VALUES (:id, 1, :doc, :created_at, :sent_at, :claimed_until)"
            ),
            [
                {
                    "id": m.id,
                    "doc": _old_document(m),
                    "created_at": instant(m.created_at),
                    "sent_at": instant(m.sent_at),
                    "claimed_until": instant(m.claimed_until),
                }
                for m in rows
            ],
        )
    assert upgrade(engine, target=delivery.version) == [delivery.version]
    upgrade(engine)
    storage = SqlStorage(engine)
    with storage() as uow:
        assert [m.id for m in uow.outbox.pending(limit=10, now=T0 + 5 * MINUTE)] == [rows[0].id]
        later = uow.outbox.pending(limit=10, now=T0 + 10 * MINUTE)
        assert [m.id for m in later] == [rows[0].id, rows[1].id]
        sent = uow.outbox.get(rows[2].id)
        assert sent is not None
        assert (sent.state, sent.next_attempt_at, sent.dead_at) == (DeliveryState.SENT, None, None)
        assert uow.outbox.dead(limit=10) == []
        event = uow.events.add(sample_event(1, version=0))
        assert event.registration_closes_at is not None
        closing = uow.events.registration_closing(
            after=Deadline(at=T0), before=event.registration_closes_at + MINUTE, limit=5
        )
        assert [e.id for e in closing] == [event.id]
        assert uow.deadline_marks.get("cv_expired") is None
        uow.commit()
