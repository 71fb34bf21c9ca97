"""Reading fast (DESIGN.md "Reading fast", issue 13): what the SQL storage sends and keeps.

* A unit of work that only reads sends no ``BEGIN``: each read is one statement; the
  first write begins the transaction, ``BEGIN IMMEDIATE`` on SQLite.
* SQLite writers queue for the write lock instead of failing on a stale snapshot.
* Decoded aggregates are shared between units of work while their stored document is
  the same, and never outlive it.
* SQLite units of work that only read lend their connection to the next one, clean.
* Statements go through one driver cursor kept with their connection, which a failed
  statement or a large result gives up.
* Searches of one shape with other values, and keyset pages, answer as freshly built
  statements do.
* On PostgreSQL, a read on a connection the server dropped is sent again on a new one
  (no ping before each use), and writes still work afterwards.
"""

from __future__ import annotations

import datetime as dt
import pathlib
import sqlite3
import threading
from collections.abc import Iterator
from typing import Any

import attrs
import pytest
from sqlalchemy import delete, event, text

from formlavoro_adapters.sql import SqlStorage, postgres_engine, sqlite_storage, upgrade
from formlavoro_adapters.sql.announced import DriverStatement
from formlavoro_adapters.sql.tables import OFFERS
from formlavoro_core.errors import FormlavoroError
from formlavoro_core.ids import OfferId
from formlavoro_core.offers.query import OfferQuery
from formlavoro_core.paging import PageRequest
from formlavoro_core.reference import ContractType
from formlavoro_core.reference.code_types import ProvinceCode
from formlavoro_core.testing.marketplace_samples import T0, sample_offer
from tests.postgres import create_schema, drop_schema, dsn, require_server

NOW = T0 + dt.timedelta(hours=1)


def _id(number: int) -> OfferId:
    return sample_offer(number).id


@pytest.fixture
def sqlite(tmp_path: pathlib.Path) -> Iterator[SqlStorage]:
    storage = sqlite_storage(tmp_path / "portal.db")
    try:
        yield storage
    finally:
        storage.dispose()


def _traced(storage: SqlStorage) -> list[str]:
    """Every statement SQLite runs on connections opened from now on."""
    sent: list[str] = []
    storage.dispose()

    @event.listens_for(storage.engine, "connect")
    def trace(connection: sqlite3.Connection, _record: Any) -> None:
        connection.set_trace_callback(sent.append)

    return sent


def test_reads_alone_send_no_begin_and_the_first_write_begins_immediate(
    sqlite: SqlStorage,
) -> None:
    with sqlite() as uow:
        uow.offers.add(sample_offer(1))
        uow.commit()
    sent = _traced(sqlite)
    with sqlite() as uow:
        assert uow.offers.get(_id(1)) is not None
        uow.offers.search(OfferQuery(), PageRequest(), now=NOW)
        reads = list(sent)
        uow.offers.add(sample_offer(2))
        uow.commit()
    assert reads, "the reads reached the database"
    assert not [s for s in reads if s.upper().startswith(("BEGIN", "COMMIT", "ROLLBACK"))]
    written = sent[len(reads) :]
    assert written[0] == "BEGIN IMMEDIATE"
    assert written[-1].upper().startswith("COMMIT")


def test_sqlite_writers_queue_for_the_lock_instead_of_failing(sqlite: SqlStorage) -> None:
    with sqlite() as uow:
        uow.offers.add(sample_offer(1))
        uow.offers.add(sample_offer(2))
        uow.commit()
    first_wrote = threading.Event()
    outcome: list[object] = []

    def second() -> None:
        first_wrote.wait()
        try:
            with sqlite() as uow:
                offer = uow.offers.get(_id(2))
                assert offer is not None
                uow.offers.update(attrs.evolve(offer, title="Secondo"))
                uow.commit()
            outcome.append("committed")
        except Exception as exc:  # noqa: BLE001 - the failure is the outcome checked
            outcome.append(exc)

    thread = threading.Thread(target=second)
    thread.start()
    with sqlite() as uow:
        offer = uow.offers.get(_id(1))
        assert offer is not None
        uow.offers.update(attrs.evolve(offer, title="Primo"))
        first_wrote.set()  # the other writer now waits for this transaction's lock
        thread.join(timeout=0.3)
        uow.commit()
    thread.join()
    assert outcome == ["committed"]
    with sqlite() as uow:
        titles = [uow.offers.get(_id(n)) for n in (1, 2)]
    assert [o.title if o else None for o in titles] == ["Primo", "Secondo"]


def test_decoded_offers_are_shared_while_their_document_is_the_same(sqlite: SqlStorage) -> None:
    with sqlite() as uow:
        uow.offers.add(sample_offer(1))
        uow.commit()
    with sqlite() as uow:
        first = uow.offers.get(_id(1))
    with sqlite() as uow:
        again = uow.offers.get(_id(1))
        found = uow.offers.search(OfferQuery(), PageRequest(), now=NOW).items
    assert first is not None
    assert again is first  # frozen, decoded once
    assert found == (first,)
    with sqlite() as uow:
        uow.offers.update(attrs.evolve(first, title="Cuoco capopartita"))
        uow.commit()
    with sqlite() as uow:
        changed = uow.offers.get(_id(1))
    assert changed is not None
    assert (changed.title, changed.version) == ("Cuoco capopartita", 2)


def test_a_row_written_again_under_the_same_key_and_version_is_read_afresh(
    sqlite: SqlStorage,
) -> None:
    with sqlite() as uow:
        uow.offers.add(sample_offer(1))
        uow.commit()
    with sqlite() as uow:
        assert uow.offers.get(_id(1)) is not None
    with sqlite.engine.begin() as connection:
        connection.execute(delete(OFFERS))
    with sqlite() as uow:
        uow.offers.add(sample_offer(1, title="Pizzaiolo"))
        uow.commit()
    with sqlite() as uow:
        offer = uow.offers.get(_id(1))
        page = uow.offers.search(OfferQuery(), PageRequest(), now=NOW)
    assert offer is not None
    assert (offer.title, offer.version) == ("Pizzaiolo", 1)
    assert [o.title for o in page.items] == ["Pizzaiolo"]


def test_searches_of_one_shape_bind_each_calls_own_values(sqlite: SqlStorage) -> None:
    offers = [
        sample_offer(1, contract_type=ContractType.PERMANENT),
        sample_offer(2, contract_type=ContractType.FIXED_TERM),
        sample_offer(3, workplace="I480", contract_type=ContractType.PERMANENT),
        sample_offer(4, workplace="I480", contract_type=ContractType.FIXED_TERM),
    ]
    with sqlite() as uow:
        for offer in offers:
            uow.offers.add(offer)
        uow.commit()

    def ids(query: OfferQuery, page: PageRequest | None = None) -> list[str]:
        with sqlite() as uow:
            found = uow.offers.search(query, page or PageRequest(), now=NOW)
        return [o.id for o in found.items]

    for province in ("GE", "SP"):
        for contract in (ContractType.PERMANENT, ContractType.FIXED_TERM):
            query = OfferQuery(province=ProvinceCode(province), contract_types=(contract,))
            expected = [
                o.id for o in offers if o.province == province and o.contract_type is contract
            ]
            assert ids(query) == expected
    with sqlite() as uow:
        first = uow.offers.search(OfferQuery(), PageRequest(size=1), now=NOW)
        after = first.next_after
        second = uow.offers.search(OfferQuery(), PageRequest(size=1, after=after), now=NOW)
        third = uow.offers.search(
            OfferQuery(), PageRequest(size=1, after=second.next_after), now=NOW
        )
    assert [p.items[0].id for p in (first, second, third)] == [_id(1), _id(2), _id(3)]
    assert first.total == second.total == 4


def test_sqlite_units_of_work_that_only_read_lend_their_connection_to_the_next(
    sqlite: SqlStorage,
) -> None:
    """A read-only unit of work gives its connection back clean, to the next unit of work
    (in any thread) without a pool checkout; it holds no snapshot meanwhile."""
    with sqlite() as uow:
        uow.offers.add(sample_offer(1))
        uow.commit()
    checkouts: list[object] = []
    event.listen(sqlite.engine, "checkout", lambda *_: checkouts.append(None))
    for _ in range(5):
        with sqlite() as uow:
            assert uow.offers.get(_id(1)) is not None
    assert len(checkouts) <= 1
    seen: list[int] = []

    def read() -> None:
        for _ in range(20):
            with sqlite() as uow:
                seen.append(uow.offers.search(OfferQuery(), PageRequest(), now=NOW).total)

    threads = [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == [1] * 80
    with sqlite() as uow:  # a write after reads on a lent connection, then reads see it
        offer = uow.offers.get(_id(1))
        assert offer is not None
        uow.offers.update(attrs.evolve(offer, title="Cuoco capopartita"))
        uow.commit()
    with sqlite() as uow:
        changed = uow.offers.get(_id(1))
    assert changed is not None
    assert (changed.title, changed.version) == ("Cuoco capopartita", 2)
    with sqlite.engine.connect() as connection:  # no idle connection holds the log back
        busy = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()[0]
    assert busy == 0


def _cursors(storage: SqlStorage) -> list[object]:
    """The driver cursor of every statement the session sends to the driver from now on
    (not those sent through SQLAlchemy), in order."""
    used: list[object] = []

    def note(*arguments: Any) -> None:
        if isinstance(arguments[4], DriverStatement):
            used.append(arguments[1])

    event.listen(storage.engine, "before_cursor_execute", note)
    return used


def _one_cursor_kept_with_the_connection(storage: SqlStorage) -> None:
    with storage() as uow:
        uow.offers.add(sample_offer(1))
        uow.commit()
    used = _cursors(storage)
    for number in (2, 3):
        with storage() as uow:
            assert uow.offers.get(_id(1)) is not None
            uow.offers.add(sample_offer(number))
            uow.commit()
    with storage() as uow:
        assert {o.id for o in uow.offers.search(OfferQuery(), PageRequest(), now=NOW).items} == {
            _id(n) for n in (1, 2, 3)
        }
    assert len(used) > 6
    assert len({id(cursor) for cursor in used}) == 1, "one cursor, kept between units of work"


def test_sqlite_statements_go_through_one_cursor_kept_with_the_connection(
    sqlite: SqlStorage,
) -> None:
    _one_cursor_kept_with_the_connection(sqlite)


def test_a_failed_statement_or_a_large_result_gives_its_cursor_up(sqlite: SqlStorage) -> None:
    with sqlite() as uow:
        for number in range(1, 71):
            uow.offers.add(sample_offer(number))
        uow.commit()
    used = _cursors(sqlite)
    with sqlite() as uow:
        assert uow.offers.get(_id(1)) is not None
        with pytest.raises(FormlavoroError):
            uow.offers.add(sample_offer(1))  # already stored: the insert fails
    with sqlite() as uow:
        assert uow.offers.get(_id(2)) is not None
        assert len(uow.offers.get_many([_id(n) for n in range(1, 71)])) == 70
        assert uow.offers.get(_id(3)) is not None
    # a read, the BEGIN and the failed insert; a read, the large read; a read
    cursors = [id(cursor) for cursor in used]
    assert len(cursors) == 6
    assert cursors[0] == cursors[1] == cursors[2], "one kept cursor in the unit of work"
    assert cursors[3] != cursors[2], "the failed insert's cursor is given up"
    assert cursors[4] == cursors[3]
    assert cursors[5] != cursors[4], "the cursor of a large result is given up"


# -- PostgreSQL ------------------------------------------------------------------------------


@pytest.fixture
def postgres() -> Iterator[SqlStorage]:
    require_server()
    schema = create_schema()
    engine = postgres_engine(f"{dsn()}?application_name={schema}", schema=schema)
    upgrade(engine)
    storage = SqlStorage(engine)
    try:
        yield storage
    finally:
        storage.dispose()
        drop_schema(schema)


def _terminate_connections_of(storage: SqlStorage) -> int:
    """Have the server drop every connection of ``storage`` (as a restart would)."""
    name = storage.engine.url.query["application_name"]
    admin = postgres_engine(dsn())
    try:
        with admin.connect() as connection:
            dropped = connection.execute(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    " WHERE application_name = :name"
                ),
                {"name": name},
            ).scalar_one()
    finally:
        admin.dispose()
    return int(dropped)


def test_postgres_reads_on_a_dropped_connection_are_sent_again(postgres: SqlStorage) -> None:
    with postgres() as uow:
        uow.offers.add(sample_offer(1))
        uow.commit()
    with postgres() as uow:  # the pool now holds the connection
        assert uow.offers.get(_id(1)) is not None
    assert _terminate_connections_of(postgres) >= 1
    with postgres() as uow:  # a prepared read, straight to the driver
        assert uow.offers.get(_id(1)) is not None
    assert _terminate_connections_of(postgres) >= 1
    with postgres() as uow:  # a read through SQLAlchemy
        assert uow.applications.for_offer(_id(1)) == []
    assert _terminate_connections_of(postgres) >= 1
    with postgres() as uow:  # a search, then a write on the same connection
        assert len(uow.offers.search(OfferQuery(), PageRequest(), now=NOW).items) == 1
        uow.offers.add(sample_offer(2))
        uow.commit()
    with postgres() as uow:
        assert uow.offers.get(_id(2)) is not None


def test_postgres_statements_go_through_one_cursor_kept_with_the_connection(
    postgres: SqlStorage,
) -> None:
    _one_cursor_kept_with_the_connection(postgres)


def test_postgres_reads_alone_take_no_transaction(postgres: SqlStorage) -> None:
    with postgres() as uow:
        uow.offers.add(sample_offer(1))
        uow.commit()
    with postgres() as uow:
        uow.offers.get(_id(1))
        uow.offers.search(OfferQuery(), PageRequest(), now=NOW)
        status = uow.session.driver().info.transaction_status
        assert status.name == "IDLE"
        uow.offers.add(sample_offer(2))
        assert uow.session.driver().info.transaction_status.name == "INTRANS"
        uow.commit()
        assert uow.session.driver().info.transaction_status.name == "IDLE"
