"""The in-memory offer index answers as the core's definitions (OF-1, OF-3, OF-4, MA-1).

The memory storage answers searches of committed offers from an index (positions newest
first, bit sets per filter value and per word), and searches inside a unit of work that
wrote offers by filtering what that unit of work sees. Both must give exactly the page
:func:`~formlavoro_core.offers.query.search_offers` defines over the same offers: items
in order, total, whether it is exact, and the next cursor, page after page.
"""

from __future__ import annotations

import datetime as dt

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from formlavoro_adapters.memory import InMemoryStorage
from formlavoro_core.ids import EventId
from formlavoro_core.matching.profiles import OfferCell, offer_in_cell
from formlavoro_core.offers.model import Offer, OfferStatus
from formlavoro_core.offers.query import BadCursor, OfferQuery, search_offers
from formlavoro_core.paging import Cursor, Page, PageRequest
from formlavoro_core.reference.code_types import ProfessionCode, ProvinceCode
from formlavoro_core.testing.marketplace_samples import DAY, T0, sample_offer
from formlavoro_core.testing.search_strategies import (
    SEARCH_EVENTS,
    SEARCH_T0,
    offer_catalogues,
    offer_queries,
    offer_words,
    search_moments,
    search_words,
)

WORDS = search_words()
LATER = st.integers(72 * 60, 96 * 60).map(lambda minutes: SEARCH_T0 + dt.timedelta(minutes=minutes))
SCOPES = st.one_of(
    st.none(),
    st.lists(st.sampled_from((*SEARCH_EVENTS, EventId("event-9"))), max_size=2, unique=True).map(
        tuple
    ),
)
SETTINGS = settings(deadline=None, max_examples=100, suppress_health_check=[HealthCheck.too_slow])


def _stored(catalogue: tuple[Offer, ...]) -> InMemoryStorage:
    storage = InMemoryStorage()
    with storage() as uow:
        for offer in catalogue:
            uow.offers.add(offer)
        uow.commit()
    return storage


def _page(
    offers: list[Offer] | InMemoryStorage,
    query: OfferQuery,
    request: PageRequest,
    scope: tuple[dt.datetime, tuple[EventId, ...] | None, dt.datetime | None],
) -> Page[Offer] | str:
    now, events, since = scope
    try:
        if isinstance(offers, list):
            return search_offers(
                offers, query, request, now=now, events=events, published_after=since
            )
        with offers() as uow:
            return uow.offers.search(query, request, now=now, events=events, published_after=since)
    except BadCursor as exc:
        return f"BadCursor({exc.token!r})"


def _requests(size: int, ids: list[str]) -> st.SearchStrategy[PageRequest]:
    """A first page: at an offset, after a cursor of any moment and id, or a foreign one."""
    return st.one_of(
        st.builds(lambda offset: PageRequest(size=size, offset=offset), st.integers(0, 45)),
        st.builds(
            lambda at, key: PageRequest(size=size, after=Cursor(at=at, id=key).encode()),
            search_moments(),
            st.sampled_from(ids),
        ),
        st.just(PageRequest(size=size, after="not-a-cursor")),
    )


@SETTINGS
@given(catalogue=offer_catalogues(words=WORDS), data=st.data())
def test_of1_of3_of4_indexed_searches_page_as_the_reference(
    catalogue: tuple[Offer, ...], data: st.DataObject
) -> None:
    """Pages from the index, at offsets and after cursors, equal the reference ones."""
    storage = _stored(catalogue)
    stored = [attrs.evolve(offer, version=1) for offer in catalogue]
    instants = [t for offer in catalogue for t in (offer.sort_time, offer.expires_at)]
    nows = st.one_of(search_moments(), LATER, *([st.sampled_from(instants)] if instants else []))
    sinces = st.none() | search_moments()
    written = offer_words(catalogue)
    for _ in range(data.draw(st.integers(1, 3), label="searches")):
        query = data.draw(offer_queries(written, words=WORDS), label="query")
        scope = (data.draw(nows), data.draw(SCOPES), data.draw(sinces))
        size = data.draw(st.integers(1, 7), label="size")
        ids = [str(offer.id) for offer in catalogue] or ["offer-"]
        request = data.draw(_requests(size, ids), label="page")
        for _ in range(6):
            expected = _page(stored, query, request, scope)
            assert _page(storage, query, request, scope) == expected, (query, scope, request)
            if isinstance(expected, str) or expected.next_after is None:
                break
            request = PageRequest(size=size, after=expected.next_after)


def test_of1_a_commit_that_writes_offers_is_searched_at_once() -> None:
    """Offers published, changed or closed by a commit show in the next search as they are."""
    storage = InMemoryStorage()
    now = T0 + DAY
    first = sample_offer(1, published_at=T0)
    second = sample_offer(2, published_at=T0 + dt.timedelta(hours=1))
    with storage() as uow:
        uow.offers.add(first)
        uow.commit()
    with storage() as uow:
        before = uow.offers.search(OfferQuery(), PageRequest(), now=now)
    with storage() as uow:
        uow.offers.add(second)
        stored = uow.offers.get(first.id)
        assert stored is not None
        uow.offers.update(attrs.evolve(stored, status=OfferStatus.CLOSED))
        uow.commit()
    with storage() as uow:
        page = uow.offers.search(OfferQuery(), PageRequest(), now=now)
    assert [o.id for o in before.items] == [first.id]
    assert [o.id for o in page.items] == [second.id]
    assert page.total == 1


def test_of1_a_unit_of_work_searches_its_own_writes_and_a_rollback_leaves_none() -> None:
    """Staged offers are found by their own unit of work only, and never once rolled back."""
    first = sample_offer(1, published_at=T0)
    second = sample_offer(2, published_at=T0 + dt.timedelta(hours=1))
    storage = _stored((first,))
    now = T0 + DAY
    with storage() as uow:
        uow.offers.add(second)
        seen = uow.offers.search(OfferQuery(), PageRequest(), now=now)
        with storage() as other:
            elsewhere = other.offers.search(OfferQuery(), PageRequest(), now=now)
        uow.rollback()
        after = uow.offers.search(OfferQuery(), PageRequest(), now=now)
    assert [o.id for o in seen.items] == [second.id, first.id]
    assert [o.id for o in elsewhere.items] == [first.id]
    assert [o.id for o in after.items] == [first.id]


def _cells(catalogue: tuple[Offer, ...]) -> st.SearchStrategy[OfferCell]:
    """Cells under the catalogue's codes and groups (and one of none), in its provinces."""
    codes = {offer.profession for offer in catalogue} | {"9"}
    groups = {code.rsplit(".", 1)[0] for code in codes} | {code.split(".")[0] for code in codes}
    provinces = sorted({offer.province for offer in catalogue} | {ProvinceCode("TO")})
    return st.builds(
        OfferCell,
        professions=st.lists(
            st.sampled_from(sorted(codes | groups)).map(ProfessionCode), max_size=3
        ).map(tuple),
        provinces=st.none() | st.lists(st.sampled_from(provinces), max_size=2).map(tuple),
    )


@SETTINGS
@given(catalogue=offer_catalogues(words=WORDS), data=st.data())
def test_ma_1_matching_cells_hold_the_offers_offer_in_cell_defines(
    catalogue: tuple[Offer, ...], data: st.DataObject
) -> None:
    """Offers ranked for a citizen come from cells: the index gives each cell's exactly."""
    storage = _stored(catalogue)
    instants = [offer.expires_at for offer in catalogue]
    nows = st.one_of(search_moments(), LATER, *([st.sampled_from(instants)] if instants else []))
    for _ in range(3):
        cell, now = data.draw(_cells(catalogue), label="cell"), data.draw(nows, label="now")
        with storage() as uow:
            found = uow.offers.match_profiles(cell, now=now)
        expected = {offer.id for offer in catalogue if offer_in_cell(offer, cell, now=now)}
        assert sorted(profile.id for profile in found) == sorted(expected), (cell, now)
