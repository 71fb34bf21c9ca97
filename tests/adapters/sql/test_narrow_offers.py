"""SQLite's narrow copies of the offers' searched columns stay equal to the offers.

Text searches check their matches on ``offers_narrow`` (migration 12): whatever writes
the offers (adding, updating, deleting, bulk loads, the migration itself) must leave
both tables holding the same values under the same row ids.
"""

from __future__ import annotations

import pathlib
from collections.abc import Iterator

import attrs
import pytest
from sqlalchemy import text

from formlavoro_adapters.sql import SqlStorage, sqlite_engine, sqlite_storage, upgrade
from formlavoro_adapters.sql.bulk import load_offers
from formlavoro_core.offers.model import OfferStatus
from formlavoro_core.offers.query import OfferQuery, search_offers
from formlavoro_core.paging import PageRequest
from formlavoro_core.reference.code_types import ProvinceCode
from formlavoro_core.testing.marketplace_samples import T0, sample_offers
from tests.adapters.sql.migration_support import narrow_disagreements


@pytest.fixture
def storage(tmp_path: pathlib.Path) -> Iterator[SqlStorage]:
    made = sqlite_storage(tmp_path / "narrow.db")
    try:
        yield made
    finally:
        made.dispose()


def _narrow_rows(storage: SqlStorage) -> int:
    with storage.engine.connect() as connection:
        return int(connection.exec_driver_sql("SELECT count(*) FROM offers_narrow").scalar_one())


def test_adding_updating_and_deleting_offers_keeps_the_copies_equal(storage: SqlStorage) -> None:
    offers = sample_offers()
    with storage() as uow:
        for offer in offers:
            uow.offers.add(offer)
        uow.commit()
    assert _narrow_rows(storage) == len(offers)
    assert narrow_disagreements(storage.engine) == (0, 0)

    with storage() as uow:
        for offer in offers[:3]:
            stored = uow.offers.get(offer.id)
            assert stored is not None
            uow.offers.update(
                attrs.evolve(
                    stored,
                    status=OfferStatus.CLOSED,
                    province=ProvinceCode("SV"),
                    car_required=True,
                )
            )
        uow.commit()
    assert narrow_disagreements(storage.engine) == (0, 0)

    with storage.engine.begin() as connection:  # an operator's own clean-up
        connection.execute(text("DELETE FROM offers WHERE id = :id"), {"id": offers[0].id})
    assert _narrow_rows(storage) == len(offers) - 1
    assert narrow_disagreements(storage.engine) == (0, 0)


def test_a_text_search_sees_an_offer_closed_a_moment_ago(storage: SqlStorage) -> None:
    offers = sample_offers()
    with storage() as uow:
        for offer in offers:
            uow.offers.add(offer)
        uow.commit()
    query = OfferQuery(text="cuoco")
    with storage() as uow:
        before = uow.offers.search(query, PageRequest(size=50), now=T0)
    assert before.items, "the samples hold cooks"
    closed = before.items[0]
    with storage() as uow:
        uow.offers.update(attrs.evolve(closed, status=OfferStatus.CLOSED))
        uow.commit()

    with storage() as uow:
        after = uow.offers.search(query, PageRequest(size=50), now=T0)
        stored = [uow.offers.get(offer.id) for offer in offers]
    assert closed.id not in [offer.id for offer in after.items]
    assert after == search_offers(
        [offer for offer in stored if offer is not None], query, PageRequest(size=50), now=T0
    )


def test_bulk_loads_into_an_empty_table_and_onto_stored_offers_copy_every_row(
    storage: SqlStorage,
) -> None:
    offers = sample_offers()
    half = len(offers) // 2
    load_offers(storage, iter(offers[:half]), batch=3)  # empty: copied at the end
    assert narrow_disagreements(storage.engine) == (0, 0)
    load_offers(storage, iter(offers[half:]), batch=3)  # onto stored offers: per batch
    assert _narrow_rows(storage) == len(offers)
    assert narrow_disagreements(storage.engine) == (0, 0)


def test_the_migration_copies_the_offers_stored_before_it(tmp_path: pathlib.Path) -> None:
    engine = sqlite_engine(tmp_path / "older.db")
    try:
        upgrade(engine, target=11)
        with SqlStorage(engine)() as uow:
            for offer in sample_offers():
                uow.offers.add(offer)
            uow.commit()

        assert upgrade(engine, target=12) == [12]

        with engine.connect() as connection:
            copied = connection.exec_driver_sql("SELECT count(*) FROM offers_narrow").scalar_one()
        assert copied == len(sample_offers())
        assert narrow_disagreements(engine) == (0, 0)
    finally:
        engine.dispose()
