"""SEC-4 / schema 9: emails stored before the recipient column are found by address after it."""

from __future__ import annotations

import datetime as dt
import pathlib
from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from formlavoro_adapters.sql import SqlStorage, upgrade
from formlavoro_adapters.sql.documents import dump
from formlavoro_adapters.sql.migrations import MIGRATIONS
from formlavoro_adapters.sql.types import sqlite_text
from formlavoro_core.ids import AccountId, OutboxMessageId
from formlavoro_core.messaging.outbox import EmailKind, OutboxMessage, OutgoingEmail
from formlavoro_core.privacy.subject import DataSubject
from tests.adapters.sql.migration_support import empty_engine

T0 = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request: pytest.FixtureRequest, tmp_path: pathlib.Path) -> Iterator[Engine]:
    with empty_engine(request.param, tmp_path) as made:
        yield made


def _mail(number: int, to: str) -> OutboxMessage:
    return OutboxMessage(
        id=OutboxMessageId(f"mail-{number}"),
        email=OutgoingEmail(to=to, subject="Oggetto", body="Testo", kind=EmailKind.NEW_MESSAGE),
        created_at=T0,
        version=1,
    )


def test_sec4_version_9_fills_the_recipient_of_the_emails_already_stored(engine: Engine) -> None:
    rights = next(m for m in MIGRATIONS if m.name == "data rights")
    upgrade(engine, target=rights.version - 1)
    sqlite = engine.dialect.name == "sqlite"
    mails = (_mail(1, "zenobia@example.it"), _mail(2, "altro@example.it"))
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO outbox (id, version, doc, created_at, due_at) "
                "VALUES (:id, 1, :doc, :at, :at)"
            ),
            [{"id": m.id, "doc": dump(m), "at": sqlite_text(T0) if sqlite else T0} for m in mails],
        )
    assert upgrade(engine, target=rights.version) == [rights.version]
    upgrade(engine)  # the later versions, up to the one the storage needs
    storage = SqlStorage(engine)
    subject = DataSubject(account_id=AccountId("a-1"), emails=("zenobia@example.it",))
    with storage() as uow:
        assert uow.outbox.export_subject(subject) == [mails[0]]
        assert uow.outbox.erase_subject(subject) == 1
        uow.commit()
    with storage() as uow:
        assert uow.outbox.get(mails[0].id) is None
        assert uow.outbox.get(mails[1].id) == mails[1]
