"""After a bulk load, PostgreSQL's visibility map covers the loaded pages, or a warning says why.

A transaction that began before the load keeps ``VACUUM`` from marking the loaded
pages; the load's vacuum waits for it to end and vacuums again.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Connection

from formlavoro_adapters.sql import SqlStorage, postgres_engine
from formlavoro_adapters.sql.bulk import load_offers
from formlavoro_adapters.sql.vacuum import vacuum_loaded
from formlavoro_core.testing.marketplace_samples import sample_offers
from tests.postgres import dsn, emptied


@pytest.fixture
def storage(postgres_storage: SqlStorage) -> SqlStorage:
    """The session's PostgreSQL storage, emptied."""
    return emptied(postgres_storage)


@pytest.fixture
def older_transaction() -> Iterator[Connection]:
    """A transaction holding a snapshot taken now, before anything is loaded."""
    engine = postgres_engine(dsn())
    connection = engine.connect()
    connection.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
    connection.execute(text("SELECT 1"))
    try:
        yield connection
    finally:
        connection.close()
        engine.dispose()


def _pages(storage: SqlStorage, table: str) -> tuple[int, int]:
    """The table's pages and how many of them are all-visible, as VACUUM left them."""
    with storage.engine.connect() as connection:
        pages, visible = connection.execute(
            text("SELECT relpages, relallvisible FROM pg_class WHERE oid = CAST(:t AS regclass)"),
            {"t": table},
        ).one()
    return int(pages), int(visible)


def _stored(storage: SqlStorage) -> None:
    """The sample offers, stored while the older transaction is open."""
    with storage() as uow:
        for offer in sample_offers():
            uow.offers.add(offer)
        uow.commit()


def test_the_vacuum_waits_for_an_older_transaction_then_marks_the_pages(
    storage: SqlStorage, older_transaction: Connection
) -> None:
    _stored(storage)
    pauses: list[float] = []

    def pause(seconds: float) -> None:
        pauses.append(seconds)
        older_transaction.rollback()  # the report that was running ends

    vacuum_loaded(storage, ("offers", "offer_profiles"), "offer", pause=pause)

    assert pauses, "the first VACUUM could not mark the pages, so it should have waited"
    pages, visible = _pages(storage, "offers")
    assert pages > 0
    assert visible == pages


def test_a_transaction_open_past_the_wait_leaves_a_warning_and_the_load_stored(
    storage: SqlStorage, older_transaction: Connection, caplog: pytest.LogCaptureFixture
) -> None:
    _stored(storage)
    pauses: list[float] = []

    with caplog.at_level(logging.WARNING, logger="formlavoro.adapters.sql.vacuum"):
        vacuum_loaded(storage, ("offers",), "offer", settle_seconds=0.3, pause=pauses.append)

    assert sum(pauses) == pytest.approx(0.3)
    assert pauses == sorted(pauses[:-1]) + pauses[-1:]  # longer and longer, the last cut short
    pages, visible = _pages(storage, "offers")
    assert visible < pages
    (record,) = caplog.records
    assert "offers" in record.getMessage()
    assert "not marked all-visible" in record.getMessage()
    with storage() as uow:
        assert all(uow.offers.get(offer.id) is not None for offer in sample_offers())


def test_a_bulk_load_with_no_older_transaction_leaves_every_page_marked(
    storage: SqlStorage,
) -> None:
    load_offers(storage, iter(sample_offers()), batch=4)

    for table in ("offers", "offer_profiles"):
        pages, visible = _pages(storage, table)
        assert pages > 0
        assert visible == pages, table
