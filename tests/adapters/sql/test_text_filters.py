"""Free text with filters counts what the reference search counts (migration 14).

On PostgreSQL the words' index holds each offer's province, municipality, contract type
and profession levels too, and the total of a search with words asks it for them:
whatever stores or changes an offer (adding, updating, bulk loads, the migration over
offers stored before it) must keep those in step, or the totals would be wrong. Each
test checks the searches against the reference search over the same offers, on SQLite
(where the migration changes nothing) and PostgreSQL.
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
from formlavoro_core.reference import ContractType
from formlavoro_core.reference.code_types import MunicipalityCode, ProfessionCode, ProvinceCode
from formlavoro_core.testing.marketplace_samples import T0, sample_offers
from tests.adapters.sql.migration_support import empty_engine

NOW = T0
PAGE = PageRequest(size=2)  # pages shorter than the totals: the total is counted apart
QUERIES = (
    OfferQuery(text="cuo", province=ProvinceCode("GE")),
    OfferQuery(text="cuo", province=ProvinceCode("SP")),
    OfferQuery(text="s", municipality=MunicipalityCode("E463")),
    OfferQuery(text="s", municipality=MunicipalityCode("D969")),
    OfferQuery(text="s", contract_types=(ContractType.FIXED_TERM,)),
    OfferQuery(text="s", contract_types=(ContractType.PERMANENT, ContractType.OCCASIONAL)),
    *(
        OfferQuery(text="s", profession=ProfessionCode(code))
        for code in ("5", "5.2", "5.2.2", "5.2.2.1", "5.2.2.1.0", "6")
    ),
    OfferQuery(
        text="d",
        province=ProvinceCode("GE"),
        contract_types=(ContractType.FIXED_TERM, ContractType.PERMANENT),
        profession=ProfessionCode("5.2"),
    ),
)


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request: pytest.FixtureRequest, tmp_path: pathlib.Path) -> Iterator[Engine]:
    """An empty database of each kind, not yet migrated."""
    with empty_engine(request.param, tmp_path) as made:
        yield made


def _searches_agree(storage: SqlStorage, offers: Sequence[Offer]) -> None:
    """Each query's first page and total as the reference search gives them."""
    counted = 0
    for query in QUERIES:
        with storage() as uow:
            stored = [uow.offers.get(offer.id) for offer in offers]
            found = uow.offers.search(query, PAGE, now=NOW)
        reference = search_offers(
            [offer for offer in stored if offer is not None], query, PAGE, now=NOW
        )
        assert (found.total, [o.id for o in found.items]) == (
            reference.total,
            [o.id for o in reference.items],
        ), query
        counted += reference.total
    assert counted > len(QUERIES)  # the queries find offers: the totals are checked


def _add(storage: SqlStorage, offers: Sequence[Offer]) -> None:
    with storage() as uow:
        for offer in offers:
            uow.offers.add(offer)
        uow.commit()


def test_the_migration_indexes_the_filters_of_the_offers_stored_before_it(
    engine: Engine,
) -> None:
    upgrade(engine, target=13)
    storage = SqlStorage(engine)
    offers = sample_offers()
    _add(storage, offers)

    assert upgrade(engine) == [14]

    _searches_agree(storage, offers)


def test_offers_added_updated_and_loaded_keep_their_filters_indexed(engine: Engine) -> None:
    upgrade(engine)
    storage = SqlStorage(engine)
    offers = sample_offers()
    half = len(offers) // 2
    load_offers(storage, iter(offers[:half]), batch=3)  # into an empty table
    load_offers(storage, iter(offers[half:-2]), batch=3)  # onto stored offers
    _add(storage, offers[-2:])
    _searches_agree(storage, offers)
    with storage() as uow:  # moved to La Spezia, another contract and profession
        moved = uow.offers.get(offers[0].id)
        assert moved is not None
        uow.offers.update(
            attrs.evolve(
                moved,
                workplace=MunicipalityCode("E463"),
                province=ProvinceCode("SP"),
                contract_type=ContractType.PERMANENT,
                profession=ProfessionCode("6.1.2.1.0"),
            )
        )
        uow.commit()
    _searches_agree(storage, offers)
