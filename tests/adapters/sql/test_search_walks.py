"""SQL searches agree with the in-memory reference at the edges of paging (issue 4.4).

Totals are exact up to the cap and capped beyond it, also at the last offset; a keyset
walk visits every result once, in the reference's order, among ties, drafts, closed,
expired and event offers; a foreign cursor is refused as the reference refuses it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest

from formlavoro_adapters.memory import InMemoryStorage
from formlavoro_adapters.sql import SqlStorage
from formlavoro_adapters.sql.bulk import load_offers
from formlavoro_adapters.sql.tables import OFFERS
from formlavoro_core.ids import OfferId
from formlavoro_core.offers.model import Offer, OfferStatus
from formlavoro_core.offers.query import OfferQuery
from formlavoro_core.paging import MAX_OFFSET, TOTAL_CAP, Cursor, PageRequest
from formlavoro_core.reference.code_types import MunicipalityCode, ProvinceCode
from formlavoro_core.testing.marketplace_samples import DAY, FAIR, HOUR, T0, sample_offer
from tests.adapters.sql.search_comparison import (
    add_offer,
    assert_same,
    clear,
    load,
    offer_search,
    search_page,
    stores,
)


def _many_offers(count: int) -> Iterator[Offer]:
    """Open cooks' offers, one hour apart; the first one is in La Spezia, the rest in Genova."""
    for number in range(1, count + 1):
        place = MunicipalityCode("E463" if number == 1 else "D969")
        yield sample_offer(number, workplace=place)


def test_totals_are_exact_up_to_the_cap_and_capped_beyond(sql_storage: SqlStorage) -> None:
    catalogue = list(_many_offers(TOTAL_CAP + 1))
    clear(sql_storage, OFFERS)
    assert load_offers(sql_storage, catalogue) == TOTAL_CAP + 1
    memory = InMemoryStorage()
    load(memory, catalogue, add_offer)
    cases = [
        (OfferQuery(), PageRequest(size=20), (TOTAL_CAP, False)),
        (OfferQuery(text="cuo aiut"), PageRequest(size=20), (TOTAL_CAP, False)),
        (OfferQuery(province=ProvinceCode("GE")), PageRequest(size=20), (TOTAL_CAP, True)),
        (OfferQuery(province=ProvinceCode("SP")), PageRequest(size=20), (1, True)),
        (OfferQuery(), PageRequest(size=20, offset=MAX_OFFSET - 15), (TOTAL_CAP, False)),
        (OfferQuery(), PageRequest(size=5, offset=MAX_OFFSET), (TOTAL_CAP, False)),
    ]
    for query, request, (total, exact) in cases:
        search = offer_search(query, now=T0)
        expected = search_page(memory, search, request)
        assert not isinstance(expected, str)
        assert (expected.total, expected.total_is_exact) == (total, exact)
        assert_same(expected, search_page(sql_storage, search, request), (query, request))
        if expected.next_after is not None:  # the page after the last offset page
            after = PageRequest(size=request.size, after=expected.next_after)
            assert_same(
                search_page(memory, search, after), search_page(sql_storage, search, after), after
            )
    clear(sql_storage, OFFERS)


def _walk_catalogue() -> list[Offer]:
    """300 offers: 17 publication instants (ties), drafts, closed, expired, event offers."""
    offers = []
    for number in range(1, 301):
        changes: dict[str, Any] = {"published_at": T0 - (number % 17) * HOUR}
        if number % 7 == 0:
            changes.update(status=OfferStatus.DRAFT, published_at=None)
        elif number % 11 == 0:
            changes.update(status=OfferStatus.CLOSED, closed_at=T0)
        elif number % 13 == 0:
            changes.update(expires_at=T0 - DAY)
        if number % 5 == 0:
            changes.update(event=FAIR)
        if number % 3 == 0:
            changes.update(title=f"Barista {number}", workplace=MunicipalityCode("E463"))
        offers.append(sample_offer(number, id=OfferId(f"offer-{number}"), **changes))
    return offers


WALKS = [
    (OfferQuery(), None, (7, 100)),
    (OfferQuery(text="cuo"), None, (7, 100)),
    (OfferQuery(province=ProvinceCode("SP")), None, (1, 7)),
    (OfferQuery(), (FAIR,), (1, 100)),
]


def test_a_keyset_walk_visits_every_result_once_in_the_reference_order(
    sql_storage: SqlStorage,
) -> None:
    memory = stores(sql_storage, (OFFERS,), _walk_catalogue(), add_offer)
    for query, events, sizes in WALKS:
        search = offer_search(query, now=T0, events=events)
        everything = search_page(memory, search, PageRequest(size=100))
        assert not isinstance(everything, str)
        for size in sizes:
            visited: list[str] = []
            request = PageRequest(size=size)
            for step in itertools.count():
                expected = search_page(memory, search, request)
                assert not isinstance(expected, str)
                assert_same(
                    expected, search_page(sql_storage, search, request), (query, step, request)
                )
                visited += [offer.id for offer in expected.items]
                if expected.next_after is None:
                    break
                request = PageRequest(size=size, after=expected.next_after)
            assert len(visited) == len(set(visited)) == everything.total > 0, (query, size)
            if everything.total <= 100:
                assert visited == [offer.id for offer in everything.items], (query, size)


@pytest.mark.parametrize("token", ["not a cursor", Cursor(at=T0, id="").encode(), "MjAyNg"])
def test_a_foreign_cursor_is_refused_as_the_reference_refuses_it(
    sql_storage: SqlStorage, token: str
) -> None:
    memory = stores(sql_storage, (OFFERS,), [sample_offer(1)], add_offer)
    search = offer_search(OfferQuery(), now=T0)
    request = PageRequest(after=token)
    expected = search_page(memory, search, request)
    assert expected == f"BadCursor({token!r})"
    assert search_page(sql_storage, search, request) == expected
