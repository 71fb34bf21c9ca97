"""Bulk loading of offers: exactly what ``add`` writes, all or nothing, on both databases."""

from __future__ import annotations

import io
import pathlib
import sqlite3
import threading
from collections.abc import Iterator
from typing import Any

import attrs
import pytest
from sqlalchemy import event, inspect, select, text

from formlavoro_adapters.progress import ConsoleBar
from formlavoro_adapters.sql import SqlStorage, sqlite_storage
from formlavoro_adapters.sql.bulk import load_offers
from formlavoro_adapters.sql.tables import OFFERS
from formlavoro_core.errors import DuplicateKeyError, FormlavoroError
from formlavoro_core.ids import OfferId
from formlavoro_core.offers.model import Offer
from formlavoro_core.offers.query import OfferQuery
from formlavoro_core.paging import PageRequest
from formlavoro_core.reference.code_types import ProvinceCode
from formlavoro_core.testing.marketplace_samples import T0, sample_offer, sample_offers
from tests.postgres import emptied

ALL = PageRequest(size=100)
QUERIES = (
    OfferQuery(),
    OfferQuery(text="cuoco"),
    OfferQuery(text="CUO hotel"),
    OfferQuery(text="perché"),
    OfferQuery(text="impiego genova"),
    OfferQuery(province=ProvinceCode("GE")),
    OfferQuery(car_required=True),
)


@pytest.fixture(params=["sqlite", "postgres"])
def storages(request: pytest.FixtureRequest, tmp_path: pathlib.Path) -> Iterator[SqlStorage]:
    """Empty migrated storage of each kind."""
    if request.param == "sqlite":
        storage = sqlite_storage(tmp_path / "bulk.db")
        try:
            yield storage
        finally:
            storage.dispose()
    else:
        yield emptied(request.getfixturevalue("postgres_storage"))


@pytest.fixture
def reference(tmp_path: pathlib.Path) -> Iterator[SqlStorage]:
    """The sample offers stored one by one through ``uow.offers.add``."""
    storage = sqlite_storage(tmp_path / "reference.db")
    with storage() as uow:
        for offer in sample_offers():
            uow.offers.add(offer)
        uow.commit()
    try:
        yield storage
    finally:
        storage.dispose()


def _rows(storage: SqlStorage) -> list[dict[str, Any]]:
    """Every stored offer row as plain values, without the internal row number."""
    columns = [column for column in OFFERS.c if column.name != "row_id"]
    with storage.engine.connect() as connection:
        rows = connection.execute(select(*columns).order_by(OFFERS.c.id)).mappings().all()
    return [dict(row) for row in rows]


def _found(storage: SqlStorage, query: OfferQuery) -> list[str]:
    with storage() as uow:
        page = uow.offers.search(query, ALL, now=T0)
    return [offer.id for offer in page.items]


def _indexes(storage: SqlStorage) -> set[str]:
    return {str(index["name"]) for index in inspect(storage.engine).get_indexes("offers")}


def _count(storage: SqlStorage) -> int:
    with storage.engine.connect() as connection:
        return int(connection.execute(text("SELECT count(*) FROM offers")).scalar_one())


def test_a_bulk_load_stores_what_adding_one_by_one_stores(
    storages: SqlStorage, reference: SqlStorage
) -> None:
    assert load_offers(storages, iter(sample_offers()), batch=3) == len(sample_offers())

    assert _rows(storages) == _rows(reference)
    with storages() as uow:
        for offer in sample_offers():
            assert uow.offers.get(offer.id) == attrs.evolve(offer, version=1)
    for query in QUERIES:
        assert _found(storages, query) == _found(reference, query), query


def test_indexes_and_full_text_upkeep_are_back_after_a_first_load(storages: SqlStorage) -> None:
    before = _indexes(storages)
    load_offers(storages, sample_offers())
    assert _indexes(storages) == before

    # An offer added afterwards, one by one, is found by its words: the upkeep is on.
    with storages() as uow:
        uow.offers.add(sample_offer(90, id=OfferId("offer-late"), title="Fresatore CNC"))
        uow.commit()
    assert _found(storages, OfferQuery(text="fresat")) == ["offer-late"]


def test_a_first_sqlite_load_sorts_its_indexes_on_threads_then_gives_them_back(
    tmp_path: pathlib.Path,
) -> None:
    """The index builds of a first load run with SQLite's sorting threads on; the
    connection goes back to the pool with none, as every other connection has."""
    storage = sqlite_storage(tmp_path / "threads.db")
    sent: list[str] = []
    event.listen(
        storage.engine,
        "before_cursor_execute",
        lambda _c, _cursor, sql, *_rest: sent.append(sql),
    )
    try:
        load_offers(storage, sample_offers())
        builds = [i for i, sql in enumerate(sent) if sql.lstrip().startswith("CREATE INDEX")]
        assert len(builds) == len(OFFERS.indexes)
        on = [i for i, sql in enumerate(sent) if sql.startswith("PRAGMA threads=")]
        assert len(on) == 2
        assert on[0] < builds[0]
        assert builds[-1] < on[1]
        assert int(sent[on[0]].split("=")[1]) >= 1
        assert sent[on[1]] == "PRAGMA threads=0"
        with storage.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA threads").scalar_one() == 0
    finally:
        storage.dispose()


def test_a_second_load_adds_to_what_is_there(storages: SqlStorage, reference: SqlStorage) -> None:
    offers = sample_offers()
    half = len(offers) // 2
    load_offers(storages, offers[:half])
    load_offers(storages, offers[half:])
    assert _rows(storages) == _rows(reference)
    for query in QUERIES:
        assert _found(storages, query) == _found(reference, query), query


@pytest.mark.parametrize("already_there", [False, True], ids=["in-the-load", "already-stored"])
def test_a_duplicate_id_stores_nothing_of_the_load(
    storages: SqlStorage, already_there: bool
) -> None:
    first = sample_offer(1)
    if already_there:
        load_offers(storages, [first])
    rest = [sample_offer(number) for number in range(2, 8)]
    load = [*rest, attrs.evolve(rest[0], title="Copia")] if not already_there else [*rest, first]
    indexes = _indexes(storages)

    with pytest.raises(DuplicateKeyError):
        load_offers(storages, load, batch=2)

    assert _count(storages) == (1 if already_there else 0)
    assert _indexes(storages) == indexes
    # Nothing of the failed load reached the full-text index either.
    assert _found(storages, OfferQuery(text=first.title)) == ([first.id] if already_there else [])


@pytest.mark.parametrize("batch", [1, 10_000], ids=["a-later-batch", "the-same-batch"])
def test_an_offer_that_is_not_new_stores_nothing(storages: SqlStorage, batch: int) -> None:
    # With batches of one, the second is prepared while the first is being written.
    stored = attrs.evolve(sample_offer(2), version=3)
    with pytest.raises(FormlavoroError, match="version 0"):
        load_offers(storages, [sample_offer(1), sample_offer(3), stored], batch=batch)
    assert _count(storages) == 0


def test_the_offers_are_read_on_the_callers_thread(storages: SqlStorage) -> None:
    """The iterable may hold what belongs to its thread (a cursor, a file being read)."""
    readers: set[int] = set()

    def offers() -> Iterator[Offer]:
        for offer in sample_offers():
            readers.add(threading.get_ident())
            yield offer

    assert load_offers(storages, offers(), batch=3) == 16
    assert readers == {threading.get_ident()}


def test_a_batch_must_hold_at_least_one_offer(storages: SqlStorage) -> None:
    with pytest.raises(FormlavoroError, match="batch"):
        load_offers(storages, [sample_offer(1)], batch=0)
    assert _count(storages) == 0


def test_loading_nothing_stores_nothing(storages: SqlStorage) -> None:
    assert load_offers(storages, []) == 0
    assert _count(storages) == 0


def test_a_bulk_load_reports_its_progress_after_each_batch(storages: SqlStorage) -> None:
    """Issue 12, point 4: a long load tells a callback (or a console bar) how far it is."""
    told: list[int] = []
    assert load_offers(storages, iter(sample_offers()), batch=5, progress=told.append) == 16
    assert told == [5, 10, 15, 16]
    shown = io.StringIO()
    bar = ConsoleBar("offers", total=16, stream=shown, width=4)
    for done in told:
        bar(done)
    assert shown.getvalue().splitlines()[-1] == "offers [####] 16/16 100%"


def _journal(path: pathlib.Path) -> tuple[str, int]:
    """The file's journal mode as a new connection finds it, and the size of its WAL."""
    with sqlite3.connect(path) as connection:
        (mode,) = connection.execute("PRAGMA journal_mode").fetchone()
    connection.close()
    wal = path.with_name(path.name + "-wal")
    return str(mode), wal.stat().st_size if wal.exists() else 0


def _many(count: int) -> list[Offer]:
    return [attrs.evolve(sample_offer(1), id=OfferId(f"offer-{n:05d}")) for n in range(count)]


def test_a_first_load_on_sqlite_writes_its_pages_once_and_wal_comes_back(
    tmp_path: pathlib.Path,
) -> None:
    """Into an empty table, alone on the file: a rollback journal, not the WAL, then WAL."""
    path = tmp_path / "first.db"
    storage = sqlite_storage(path)
    try:
        assert load_offers(storage, _many(2_000), batch=500) == 2_000
        mode, wal = _journal(path)
        assert mode == "wal"
        assert wal < path.stat().st_size // 10  # the load's pages did not go through it
        with storage() as uow:
            assert uow.offers.get(OfferId("offer-01999")) is not None
    finally:
        storage.dispose()


def test_a_first_load_beside_another_connection_keeps_the_wal(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "shared.db"
    storage = sqlite_storage(path)
    other = sqlite3.connect(path)
    try:
        other.execute("SELECT count(*) FROM offers").fetchone()
        assert load_offers(storage, _many(2_000), batch=500) == 2_000
        mode, wal = _journal(path)
        assert mode == "wal"
        assert wal > path.stat().st_size // 2  # written through the WAL, as before
        assert other.execute("SELECT count(*) FROM offers").fetchone() == (2_000,)
    finally:
        other.close()
        storage.dispose()


def test_a_failed_first_load_on_sqlite_stores_nothing_and_wal_comes_back(
    tmp_path: pathlib.Path,
) -> None:
    path = tmp_path / "failed.db"
    storage = sqlite_storage(path)
    try:
        offers = _many(1_500)
        with pytest.raises(DuplicateKeyError):
            load_offers(storage, [*offers, offers[3]], batch=500)
        assert _count(storage) == 0
        assert _journal(path)[0] == "wal"
        assert load_offers(storage, offers, batch=500) == len(offers)
        assert _found(storage, OfferQuery(text=offers[0].title)) != []
    finally:
        storage.dispose()
