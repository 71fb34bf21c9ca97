"""The offer storage contract: offer search, a publisher's offers, saved searches, alerts.

A mixin of :class:`~formlavoro_core.testing.marketplace_contract.MarketplaceStorageContract`
using its ``storage`` fixture. Searches and lists are checked against
:func:`~formlavoro_core.offers.query.search_offers` and
:func:`~formlavoro_core.offers.query.paginate_newest_first` over the fixed catalogue of
:mod:`formlavoro_core.testing.samples.offers`, page for page.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import attrs
import pytest

from formlavoro_core.ids import OfferId, SavedSearchId
from formlavoro_core.offers.model import Offer, OfferStatus, PublisherKind
from formlavoro_core.offers.query import BadCursor, OfferQuery, search_offers, sort_key
from formlavoro_core.paging import Cursor, Page, PageRequest
from formlavoro_core.reference.code_types import ProvinceCode
from formlavoro_core.testing.ids import long_id
from formlavoro_core.testing.marketplace_checks import (
    _ALL,
    _add_all,
    _assert_unique,
    _newest_first,
    _offsets,
    _stored,
    _walk,
    _write,
)
from formlavoro_core.testing.samples.alerts import (
    _ALERT_MOMENTS,
    sample_alert_ledger,
    sample_saved_search,
    sample_saved_searches,
)
from formlavoro_core.testing.samples.events import FAIR, OTHER_FAIR
from formlavoro_core.testing.samples.offers import (
    _EVENT_SCOPES,
    _OFFER_NOWS,
    _PUBLISHED_AFTER,
    _PUBLISHERS,
    sample_offer,
    sample_offer_queries,
    sample_offers,
)
from formlavoro_core.testing.samples.scene import ANNA, BRUNO, CARLA, DAY, HOUR, T0

if TYPE_CHECKING:
    from formlavoro_core.ports import UnitOfWorkFactory


__all__ = ["OfferStorageContract"]


class OfferStorageContract:
    """Behaviour of the offer, saved-search and alert-ledger repositories.

    Offer search (every OF-3 filter, free text, profession, place, event scope,
    publication time, at instants around expiries; keyset and offset pages;
    ``BadCursor``) and a publisher's offers answer what the reference functions
    define; saved searches fall due (OF-7) and are found by unsubscribe token, which
    belongs to one search; one alert ledger per citizen.
    """

    def make_storage(self) -> UnitOfWorkFactory:
        """Return a fresh, empty storage (a unit-of-work factory)."""
        raise NotImplementedError

    @pytest.fixture
    def storage(self) -> UnitOfWorkFactory:
        """A fresh storage for each test."""
        return self.make_storage()

    def test_offers_are_read_many_at_once_by_id(self, storage: UnitOfWorkFactory) -> None:
        offers = sample_offers()
        _add_all(storage, lambda uow, offer: uow.offers.add(offer), offers)
        asked = [offers[5].id, offers[0].id, offers[5].id, OfferId(long_id("offer-none"))]
        with storage() as uow:
            assert uow.offers.get_many([]) == {}
            found = uow.offers.get_many(asked)
            one_by_one = {key: uow.offers.get(key) for key in asked}
            everyone = uow.offers.get_many([offer.id for offer in offers])
        assert set(found) == {offers[5].id, offers[0].id}
        assert found == {key: offer for key, offer in one_by_one.items() if offer is not None}
        assert sorted(everyone) == sorted(offer.id for offer in offers)

    def test_offer_search_lists_open_standard_offers_newest_first(
        self, storage: UnitOfWorkFactory
    ) -> None:
        """OF-1: drafts, closed, expired and event offers are left out; ties go by id."""
        _add_all(storage, lambda uow, offer: uow.offers.add(offer), sample_offers())
        with storage() as uow:
            page = uow.offers.search(OfferQuery(), _ALL, now=T0)
        ids = [offer.id for offer in page.items]
        assert ids == [long_id(f"offer-0{n}") for n in (9, 8, 7, 6, 5, 4, 3, 2, 1)]
        assert (page.total, page.total_is_exact, page.next_after) == (9, True, None)

    def test_offer_search_answers_what_search_offers_defines(
        self, storage: UnitOfWorkFactory
    ) -> None:
        """OF-3, OF-4, HM-3: every filter, at instants around the expiries."""
        offers = sample_offers()
        _add_all(storage, lambda uow, offer: uow.offers.add(offer), offers)
        stored = _stored(offers)
        with storage() as uow:
            for now in _OFFER_NOWS:
                for query in sample_offer_queries():
                    expected = search_offers(stored, query, _ALL, now=now)
                    assert uow.offers.search(query, _ALL, now=now) == expected, (query, now)

    def test_offer_search_scopes_to_events_and_publication_time(
        self, storage: UnitOfWorkFactory
    ) -> None:
        """EV-4: standard offers or those of the events given; OF-7: published after."""
        offers = sample_offers()
        _add_all(storage, lambda uow, offer: uow.offers.add(offer), offers)
        stored = _stored(offers)
        queries = (OfferQuery(), OfferQuery(province=ProvinceCode("GE")), OfferQuery(text="cuo"))
        with storage() as uow:
            for now in _OFFER_NOWS:
                for events in _EVENT_SCOPES:
                    for after in _PUBLISHED_AFTER:
                        for query in queries:
                            expected = search_offers(
                                stored, query, _ALL, now=now, events=events, published_after=after
                            )
                            found = uow.offers.search(
                                query, _ALL, now=now, events=events, published_after=after
                            )
                            assert found == expected, (query, now, events, after)

    def test_offer_search_pages_by_cursor_and_by_offset(self, storage: UnitOfWorkFactory) -> None:
        offers = sample_offers()
        _add_all(storage, lambda uow, offer: uow.offers.add(offer), offers)
        stored = _stored(offers)
        cases = (
            (T0, OfferQuery(), None),
            (T0, OfferQuery(province=ProvinceCode("GE")), None),
            (_OFFER_NOWS[3], OfferQuery(), None),
            (T0, OfferQuery(), (FAIR, OTHER_FAIR)),
        )
        with storage() as uow:
            for now, query, events in cases:

                def fetch(page: PageRequest) -> Page[Offer]:
                    return uow.offers.search(query, page, now=now, events=events)  # noqa: B023

                def expected(page: PageRequest) -> Page[Offer]:
                    return search_offers(stored, query, page, now=now, events=events)  # noqa: B023

                everything = list(expected(_ALL).items)
                for size in (1, 2, 4):
                    assert _walk(fetch, expected, size) == everything
                _offsets(fetch, expected, len(everything))

    def test_an_offer_cursor_is_a_place_in_the_order_not_an_offer(
        self, storage: UnitOfWorkFactory
    ) -> None:
        """Keyset paging: a cursor continues after its instant and id, offset ignored."""
        offers = sample_offers()
        _add_all(storage, lambda uow, offer: uow.offers.add(offer), offers)
        stored = _stored(offers)
        cursors = (
            Cursor(at=T0 - 12 * HOUR, id=long_id("offer-08")),
            Cursor(at=T0 - 12 * HOUR, id=long_id("offer-075")),
            Cursor(at=T0 - 11 * HOUR, id="zzz"),
            Cursor(at=T0 + DAY, id=long_id("offer-99")),
            Cursor(at=T0 - 99 * HOUR, id=long_id("offer-00")),
        )
        with storage() as uow:
            for cursor in cursors:
                for offset in (0, 5):
                    page = PageRequest(size=3, after=cursor.encode(), offset=offset)
                    expected = search_offers(stored, OfferQuery(), page, now=T0)
                    assert uow.offers.search(OfferQuery(), page, now=T0) == expected, cursor

    def test_an_offer_cursor_continues_after_newer_offers_arrive(
        self, storage: UnitOfWorkFactory
    ) -> None:
        offers = sample_offers()
        _add_all(storage, lambda uow, offer: uow.offers.add(offer), offers)
        with storage() as uow:
            first = uow.offers.search(OfferQuery(), PageRequest(size=4), now=T0)
        newer = sample_offer(17, published_at=T0 - HOUR)
        _write(storage, lambda uow: uow.offers.add(newer))
        rest_request = PageRequest(size=10, after=first.next_after)
        with storage() as uow:
            rest = uow.offers.search(OfferQuery(), rest_request, now=T0)
        expected = search_offers(_stored((*offers, newer)), OfferQuery(), rest_request, now=T0)
        assert rest == expected
        assert [offer.id for offer in first.items + rest.items] == [
            long_id(f"offer-0{n}") for n in (9, 8, 7, 6, 5, 4, 3, 2, 1)
        ]
        # The total stays the one counted when the search started (the cursor carries it).
        assert rest.total == first.total == 9

    def test_offer_search_refuses_a_cursor_that_is_not_ours(
        self, storage: UnitOfWorkFactory
    ) -> None:
        _add_all(storage, lambda uow, offer: uow.offers.add(offer), sample_offers())
        naive = Cursor(at=dt.datetime(2026, 3, 1, 9), id=long_id("offer-01")).encode()  # noqa: DTZ001
        without_id = Cursor(at=T0, id="").encode()
        with storage() as uow:
            for token in ("not-a-cursor!", "", "%%%", naive, without_id):
                with pytest.raises(BadCursor):
                    uow.offers.search(OfferQuery(), PageRequest(after=token), now=T0)

    def test_offer_search_sees_the_units_own_writes_and_no_one_elses(
        self, storage: UnitOfWorkFactory
    ) -> None:
        cook, waiter = sample_offer(1), sample_offer(2, title="Cameriere")
        _write(storage, lambda uow: uow.offers.add(cook))
        writer, reader = storage(), storage()
        with writer, reader:
            writer.offers.add(waiter)
            stored = writer.offers.get(cook.id)
            assert stored is not None
            writer.offers.update(attrs.evolve(stored, status=OfferStatus.CLOSED, closed_at=T0))
            own = writer.offers.search(OfferQuery(), _ALL, now=T0)
            theirs = reader.offers.search(OfferQuery(), _ALL, now=T0)
        assert [offer.id for offer in own.items] == [long_id("offer-02")]
        assert [offer.id for offer in theirs.items] == [long_id("offer-01")]

    def test_a_publishers_offers_in_every_state_newest_first(
        self, storage: UnitOfWorkFactory
    ) -> None:
        offers = sample_offers()
        _add_all(storage, lambda uow, offer: uow.offers.add(offer), offers)
        stored = _stored(offers)
        with storage() as uow:
            for publisher in _PUBLISHERS:
                mine = [offer for offer in stored if offer.publisher == publisher]

                def fetch(page: PageRequest) -> Page[Offer]:
                    return uow.offers.by_publisher(publisher.kind, publisher.id, page)  # noqa: B023

                def expected(page: PageRequest) -> Page[Offer]:
                    return _newest_first(mine, page, sort_key)  # noqa: B023

                assert fetch(_ALL) == expected(_ALL)
                assert _walk(fetch, expected, 2) == list(expected(_ALL).items)
                _offsets(fetch, expected, len(mine))
            wrong_kind = uow.offers.by_publisher(PublisherKind.CPI, long_id("company-1"), _ALL)
            nobody = uow.offers.by_publisher(PublisherKind.COMPANY, long_id("company-9"), _ALL)
            trattoria = uow.offers.by_publisher(PublisherKind.COMPANY, long_id("company-1"), _ALL)
        assert (wrong_kind.items, wrong_kind.total) == ((), 0)
        assert (nobody.items, nobody.total) == ((), 0)
        assert {offer.status for offer in trattoria.items} == set(OfferStatus) - {
            OfferStatus.EXPIRED
        }

    def test_a_citizens_saved_searches_oldest_first(self, storage: UnitOfWorkFactory) -> None:
        searches = sample_saved_searches()
        _add_all(storage, lambda uow, search: uow.saved_searches.add(search), searches)
        stored = _stored(searches)
        with storage() as uow:
            for citizen in (ANNA, BRUNO, CARLA):
                expected = sorted(
                    (search for search in stored if search.citizen == citizen),
                    key=lambda search: search.created_at,
                )
                assert list(uow.saved_searches.for_citizen(citizen)) == expected, citizen
            assert [s.id for s in uow.saved_searches.for_citizen(ANNA)] == [
                long_id("search-1"),
                long_id("search-2"),
                long_id("search-4"),
            ]

    def test_alerts_fall_due_a_day_or_a_week_after_the_last(
        self, storage: UnitOfWorkFactory
    ) -> None:
        """OF-7: active searches only, oldest first, from the creation or the last alert."""
        searches = sample_saved_searches()
        _add_all(storage, lambda uow, search: uow.saved_searches.add(search), searches)
        stored = _stored(searches)
        with storage() as uow:
            for now in _ALERT_MOMENTS:
                expected = sorted(
                    (search for search in stored if search.is_due(now)),
                    key=lambda search: search.created_at,
                )
                assert list(uow.saved_searches.due(now)) == expected, now
            first = uow.saved_searches.get(SavedSearchId(long_id("search-1")))
            assert first is not None
            uow.saved_searches.update(attrs.evolve(first, last_sent_at=T0 + 2 * DAY))
            uow.commit()
        with storage() as uow:
            due = [search.id for search in uow.saved_searches.due(T0 + 2 * DAY)]
        assert due == [long_id("search-4")]

    def test_saved_searches_by_unsubscribe_token(self, storage: UnitOfWorkFactory) -> None:
        searches = sample_saved_searches()
        _add_all(storage, lambda uow, search: uow.saved_searches.add(search), searches)
        with storage() as uow:
            for search in _stored(searches):
                assert uow.saved_searches.by_unsubscribe_token(search.unsubscribe_token) == search
            assert uow.saved_searches.by_unsubscribe_token("unsubscribe-token-9") is None
            assert uow.saved_searches.by_unsubscribe_token("") is None

    def test_an_unsubscribe_token_belongs_to_one_search(self, storage: UnitOfWorkFactory) -> None:
        first = sample_saved_search(1)
        second = sample_saved_search(2, citizen=BRUNO, unsubscribe_token=first.unsubscribe_token)
        _assert_unique(
            storage,
            lambda uow, search: uow.saved_searches.add(search),
            lambda uow: uow.saved_searches.by_unsubscribe_token(first.unsubscribe_token),
            first,
            second,
        )

    def test_an_alert_ledger_per_citizen(self, storage: UnitOfWorkFactory) -> None:
        ledger = sample_alert_ledger(ANNA)
        _write(storage, lambda uow: uow.alert_ledgers.add(ledger))
        with storage() as uow:
            stored = uow.alert_ledgers.get(ANNA)
            assert stored is not None
            grown = uow.alert_ledgers.update(stored.announcing([OfferId(long_id("offer-00"))]))
            uow.commit()
        with storage() as uow:
            assert uow.alert_ledgers.get(ANNA) == grown
            assert uow.alert_ledgers.get(BRUNO) is None
        assert grown.announced == (long_id("offer-00"), long_id("offer-01"), long_id("offer-02"))
