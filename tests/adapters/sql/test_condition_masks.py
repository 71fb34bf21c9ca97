"""The masks of working conditions the offers hold stay listed (migration 13).

A search naming working conditions counts its total from the listed masks holding
them (``offer_condition_masks``): whatever stores an offer (adding, updating, bulk
loads, the migration itself) must list its mask, or the offer would be missing from
the totals. Each test checks the totals against the reference search over the same
offers, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import pathlib
from collections.abc import Iterator, Sequence

import attrs
import pytest
from sqlalchemy.engine import Engine

from formlavoro_adapters.sql import SqlStorage, upgrade
from formlavoro_adapters.sql.bulk import load_offers
from formlavoro_core.offers.model import Offer
from formlavoro_core.offers.query import OfferQuery, search_offers
from formlavoro_core.paging import PageRequest
from formlavoro_core.reference import WorkingCondition
from formlavoro_core.testing.marketplace_samples import T0, sample_offer, sample_offers
from tests.adapters.sql.migration_support import empty_engine

NOW = T0
EVERY_CONDITION = tuple(WorkingCondition)


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request: pytest.FixtureRequest, tmp_path: pathlib.Path) -> Iterator[Engine]:
    """An empty database of each kind, not yet migrated."""
    with empty_engine(request.param, tmp_path) as made:
        yield made


def _listed(engine: Engine) -> set[int]:
    with engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT conditions FROM offer_condition_masks")
        return {int(row[0]) for row in rows}


def _totals_agree(storage: SqlStorage, offers: Sequence[Offer]) -> None:
    """Each working condition's total as the reference search counts it."""
    for condition in EVERY_CONDITION:
        query = OfferQuery(working_conditions=(condition,))
        with storage() as uow:
            stored = [uow.offers.get(offer.id) for offer in offers]
            found = uow.offers.search(query, PageRequest(size=50), now=NOW)
        reference = search_offers(
            [offer for offer in stored if offer is not None], query, PageRequest(size=50), now=NOW
        )
        assert (found.total, [o.id for o in found.items]) == (
            reference.total,
            [o.id for o in reference.items],
        ), condition


def test_offers_added_and_updated_list_their_masks(engine: Engine) -> None:
    upgrade(engine)
    storage = SqlStorage(engine)
    offers = sample_offers()
    with storage() as uow:
        for offer in offers:
            uow.offers.add(offer)
        uow.commit()
    _totals_agree(storage, offers)
    before = _listed(engine)
    # conditions no stored offer states yet, added then updated in
    rare = (WorkingCondition.NIGHT_WORK, WorkingCondition.HOLIDAY_WORK)
    latecomer = sample_offer(40, working_conditions=rare[:1])
    with storage() as uow:
        uow.offers.add(latecomer)
        changed = uow.offers.get(offers[0].id)
        assert changed is not None
        uow.offers.update(attrs.evolve(changed, working_conditions=rare))
        uow.commit()
    assert len(_listed(engine) - before) == 2
    _totals_agree(storage, (*offers, latecomer))


def test_bulk_loads_list_the_masks_of_what_they_store(engine: Engine) -> None:
    upgrade(engine)
    storage = SqlStorage(engine)
    offers = sample_offers()
    half = len(offers) // 2
    load_offers(storage, iter(offers[:half]), batch=3)  # into an empty table
    _totals_agree(storage, offers[:half])
    late = sample_offer(41, working_conditions=(WorkingCondition.NIGHT_WORK,))
    load_offers(storage, iter((*offers[half:], late)), batch=3)  # onto stored offers
    _totals_agree(storage, (*offers, late))
    with storage() as uow:  # the trigger is back after a load
        uow.offers.add(sample_offer(42, working_conditions=(WorkingCondition.HOLIDAY_WORK,)))
        uow.commit()
    _totals_agree(storage, (*offers, late, sample_offer(42)))


def test_the_migration_lists_the_masks_of_the_offers_stored_before_it(engine: Engine) -> None:
    upgrade(engine, target=12)
    storage = SqlStorage(engine)
    offers = sample_offers()
    with storage() as uow:
        for offer in offers:
            uow.offers.add(offer)
        uow.commit()

    assert upgrade(engine, target=13) == [13]

    stated = {frozenset(offer.working_conditions) for offer in offers}
    assert len(_listed(engine)) == len(stated)
    _totals_agree(storage, offers)
