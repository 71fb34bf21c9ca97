"""The marketplace storage contract: every repository of organisations, offers and the rest.

A mixin for :class:`~formlavoro_core.testing.storage_contract.StorageContract`, or for a
suite of its own, that uses the same ``storage`` fixture (a unit-of-work factory)::

    class TestInMemoryMarketplace(MarketplaceStorageContract):
        def make_storage(self) -> UnitOfWorkFactory:
            return InMemoryStorage()

Searches and lists are checked against the reference functions of the core
(:func:`~formlavoro_core.offers.query.search_offers`,
:func:`~formlavoro_core.offers.query.paginate_newest_first`,
:func:`~formlavoro_core.cv.search.cv_matches` and
:func:`~formlavoro_core.cv.search.cv_sort_key`) over the same fixed catalogues, page
for page, so an SQL adapter answers exactly what the in-memory one does. The sample
builders are public: other suites may reuse them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import pytest

from formlavoro_core.applications.model import (
    ApplicationStatus,
    RejectionReason,
)
from formlavoro_core.cv.model import (
    Cv,
)
from formlavoro_core.cv.search import CvQuery, cv_matches, cv_sort_key
from formlavoro_core.errors import ConcurrencyConflictError, DuplicateKeyError
from formlavoro_core.ids import (
    AccountId,
    CompanyId,
    CpiId,
    CvId,
    EventId,
    MessageId,
    OfferId,
    SavedSearchId,
)
from formlavoro_core.messaging.model import (
    CounterpartKind,
    Direction,
    Message,
)
from formlavoro_core.offers.alerts import AlertFrequency
from formlavoro_core.offers.model import Offer, OfferStatus, PublisherKind
from formlavoro_core.offers.query import (
    BadCursor,
    OfferQuery,
    paginate_newest_first,
    search_offers,
    sort_key,
)
from formlavoro_core.paging import Cursor, Page, PageRequest
from formlavoro_core.reference.code_types import (
    ProvinceCode,
)
from formlavoro_core.talent.model import UnlockStatus
from formlavoro_core.testing.ids import long_id
from formlavoro_core.testing.marketplace_samples import (
    _ALERT_MOMENTS,
    _ALL,
    _CV_NOWS,
    _EVENT_MOMENTS,
    _EVENT_SCOPES,
    _OFFER_NOWS,
    _PUBLISHED_AFTER,
    _PUBLISHERS,
    ANNA,
    BRUNO,
    CARLA,
    DAY,
    FAIR,
    HOUR,
    OTHER_FAIR,
    T0,
    _message_with_every_field,
    _offer_with_every_field,
    sample_alert_ledger,
    sample_application,
    sample_applications,
    sample_company,
    sample_cv_queries,
    sample_employment_centre,
    sample_event,
    sample_events,
    sample_membership,
    sample_memberships,
    sample_message,
    sample_messages,
    sample_offer,
    sample_offer_queries,
    sample_offers,
    sample_saved_search,
    sample_saved_searches,
    sample_talent_cvs,
    sample_training_entity,
    sample_unlock_request,
    sample_unlock_requests,
)

if TYPE_CHECKING:
    from formlavoro_core.ports import UnitOfWork, UnitOfWorkFactory

__all__ = ["MarketplaceStorageContract"]

T = TypeVar("T")

# -- reference answers and helpers -----------------------------------------------------


def _stored(items: Iterable[T]) -> tuple[T, ...]:
    """``items`` as a repository returns them after one ``add``: at version 1."""
    return tuple(attrs.evolve(item, version=1) for item in items)  # type: ignore[misc]


def _newest_first(
    items: Iterable[T], page: PageRequest, key: Callable[[T], tuple[dt.datetime, str]]
) -> Page[T]:
    return paginate_newest_first(sorted(items, key=key, reverse=True), page, key=key)


def _message_key(message: Message) -> tuple[dt.datetime, str]:
    return (message.sent_at, message.id)


def _walk(
    fetch: Callable[[PageRequest], Page[T]],
    expected: Callable[[PageRequest], Page[T]],
    size: int,
) -> list[T]:
    """Follow the cursors from the first page, each page equal to the reference page."""
    request = PageRequest(size=size)
    items: list[T] = []
    for _ in range(100):
        page = fetch(request)
        assert page == expected(request), request
        items += page.items
        if page.next_after is None:
            return items
        request = PageRequest(size=size, after=page.next_after)
    pytest.fail("the cursors never reached the last page")


def _offsets(
    fetch: Callable[[PageRequest], Page[T]],
    expected: Callable[[PageRequest], Page[T]],
    count: int,
) -> None:
    """Check every offset page of size 3, up to two past the last item."""
    for offset in range(count + 2):
        request = PageRequest(size=3, offset=offset)
        assert fetch(request) == expected(request), request


def _write(storage: UnitOfWorkFactory, change: Callable[[UnitOfWork], object]) -> None:
    with storage() as uow:
        change(uow)
        uow.commit()


def _add_all(
    storage: UnitOfWorkFactory, add: Callable[[UnitOfWork, T], object], items: Iterable[T]
) -> None:
    with storage() as uow:
        for item in items:
            add(uow, item)
        uow.commit()


def _add_both_and_commit(
    uow: UnitOfWork, add: Callable[[UnitOfWork, Any], object], first: Any, second: Any
) -> None:
    add(uow, first)
    add(uow, second)
    uow.commit()


def _add_and_commit(uow: UnitOfWork, add: Callable[[UnitOfWork, Any], object], item: Any) -> None:
    add(uow, item)
    uow.commit()


def _assert_unique(
    storage: UnitOfWorkFactory,
    add: Callable[[UnitOfWork, Any], object],
    read: Callable[[UnitOfWork], object],
    first: Any,
    second: Any,
) -> None:
    """``first`` and ``second`` share a unique key: only one of them is ever stored.

    In one unit of work the clash raises ``DuplicateKeyError`` at ``add`` or at
    ``commit`` and neither is stored; against a committed holder it raises
    ``DuplicateKeyError``; against a holder committed while the unit of work was open,
    a ``ConcurrencyConflictError`` (of which ``DuplicateKeyError`` is one). The holder
    stays as it was.
    """
    with storage() as uow, pytest.raises(DuplicateKeyError):
        _add_both_and_commit(uow, add, first, second)
    with storage() as uow:
        assert read(uow) is None
    late = storage()
    with late:
        assert read(late) is None
        _write(storage, lambda uow: add(uow, first))
        with pytest.raises(ConcurrencyConflictError):
            _add_and_commit(late, add, second)
    with storage() as uow:
        assert read(uow) == attrs.evolve(first, version=1)
    with storage() as uow, pytest.raises(DuplicateKeyError):
        _add_and_commit(uow, add, second)
    with storage() as uow:
        assert read(uow) == attrs.evolve(first, version=1)


@attrs.frozen
class _Kind:
    """How the generic checks reach one repository and its aggregates."""

    name: str
    repository: Callable[[UnitOfWork], Any]
    key: Callable[[Any], tuple[Any, ...]]
    sample: Callable[[], Any]
    other: Callable[[], Any]
    change: Callable[[Any], Any]

    def read(self, uow: UnitOfWork, aggregate: Any) -> Any:
        """The stored aggregate with the key of ``aggregate``, or ``None``."""
        return self.repository(uow).get(*self.key(aggregate))

    def add(self, uow: UnitOfWork, aggregate: Any) -> Any:
        """Add ``aggregate`` through the repository."""
        return self.repository(uow).add(aggregate)


def _by_id(aggregate: Any) -> tuple[Any, ...]:
    return (aggregate.id,)


def _renamed(organisation: Any) -> Any:
    contacts = attrs.evolve(organisation.contacts, phone=None, website=None)
    return attrs.evolve(organisation, name="Nuovo nome", contacts=contacts)


_KINDS = (
    _Kind(
        name="companies",
        repository=lambda uow: uow.companies,
        key=_by_id,
        sample=sample_company,
        other=lambda: sample_company(2),
        change=lambda company: attrs.evolve(_renamed(company), tax_code=None),
    ),
    _Kind(
        name="employment_centres",
        repository=lambda uow: uow.employment_centres,
        key=_by_id,
        sample=sample_employment_centre,
        other=lambda: sample_employment_centre(2),
        change=lambda centre: attrs.evolve(_renamed(centre), province=None),
    ),
    _Kind(
        name="training_entities",
        repository=lambda uow: uow.training_entities,
        key=_by_id,
        sample=sample_training_entity,
        other=lambda: sample_training_entity(2),
        change=lambda entity: attrs.evolve(_renamed(entity), tax_code=None),
    ),
    _Kind(
        name="offers",
        repository=lambda uow: uow.offers,
        key=_by_id,
        sample=_offer_with_every_field,
        other=lambda: sample_offer(2),
        change=lambda offer: attrs.evolve(
            offer, status=OfferStatus.ACTIVE, closed_at=None, event=None, preselection=True
        ),
    ),
    _Kind(
        name="saved_searches",
        repository=lambda uow: uow.saved_searches,
        key=_by_id,
        sample=lambda: sample_saved_search(
            1, frequency=AlertFrequency.WEEKLY, active=False, last_sent_at=T0 + DAY
        ),
        other=lambda: sample_saved_search(2),
        change=lambda search: attrs.evolve(
            search, active=True, last_sent_at=None, query=OfferQuery(eures=True)
        ),
    ),
    _Kind(
        name="alert_ledgers",
        repository=lambda uow: uow.alert_ledgers,
        key=lambda ledger: (ledger.citizen,),
        sample=sample_alert_ledger,
        other=lambda: sample_alert_ledger(BRUNO),
        change=lambda ledger: ledger.announcing([OfferId(long_id("offer-09"))]),
    ),
    _Kind(
        name="applications",
        repository=lambda uow: uow.applications,
        key=_by_id,
        sample=sample_application,
        other=lambda: sample_application(2, offer=OfferId(long_id("offer-02"))),
        change=lambda application: application.moved_to(
            ApplicationStatus.NOT_SELECTED, T0 + DAY, RejectionReason.POSITION_FILLED
        ),
    ),
    _Kind(
        name="events",
        repository=lambda uow: uow.events,
        key=_by_id,
        sample=sample_event,
        other=lambda: sample_event(2),
        change=lambda event: attrs.evolve(event, registration_open=False, online_url=None),
    ),
    _Kind(
        name="memberships",
        repository=lambda uow: uow.memberships,
        key=lambda membership: (membership.event, membership.citizen),
        sample=sample_membership,
        other=lambda: sample_membership(FAIR, BRUNO),
        change=lambda membership: attrs.evolve(membership, checked_in_at=None),
    ),
    _Kind(
        name="messages",
        repository=lambda uow: uow.messages,
        key=_by_id,
        sample=_message_with_every_field,
        other=lambda: sample_message(2),
        change=lambda message: attrs.evolve(message, read_at=None, offer=None),
    ),
    _Kind(
        name="unlock_requests",
        repository=lambda uow: uow.unlock_requests,
        key=_by_id,
        sample=sample_unlock_request,
        other=lambda: sample_unlock_request(2, company=CompanyId(long_id("company-2"))),
        change=lambda request: request.moved_to(UnlockStatus.REVOKED, T0 + 2 * DAY),
    ),
)

_each_repository = pytest.mark.parametrize("kind", _KINDS, ids=[kind.name for kind in _KINDS])


def _update_and_commit(uow: UnitOfWork, kind: _Kind, aggregate: Any) -> None:
    kind.repository(uow).update(aggregate)
    uow.commit()


class MarketplaceStorageContract:
    """Behaviour every marketplace repository must have, through the ``UnitOfWork`` port.

    Generic checks run on each of companies, employment centres, training entities,
    offers, saved searches, alert ledgers, applications, events, memberships, messages
    and unlock requests: a new aggregate comes back at version 1 with every field
    equal; each update bumps the version; a stale or made-up version is a
    ``ConcurrencyConflictError``; nothing is visible without ``commit``; a key is taken
    once. Then each repository's queries are compared with the reference definitions
    over fixed catalogues: offer search (every OF-3 filter, free text, profession,
    place, event scope, publication time, at instants around expiries; keyset and
    offset pages; ``BadCursor``), a publisher's offers, alerts due, unique keys of
    applications, memberships, unlock requests and unsubscribe tokens, the ordering of
    every list, inboxes and unread counts, threads, replies, and the company search
    over published CVs (``cv_matches``, ``cv_sort_key``).
    """

    def make_storage(self) -> UnitOfWorkFactory:
        """Return a fresh, empty storage (a unit-of-work factory)."""
        raise NotImplementedError

    @pytest.fixture
    def storage(self) -> UnitOfWorkFactory:
        """A fresh storage for each test."""
        return self.make_storage()

    # -- every repository ----------------------------------------------------------------

    @_each_repository
    def test_a_new_marketplace_aggregate_comes_back_at_version_1_with_every_field(
        self, storage: UnitOfWorkFactory, kind: _Kind
    ) -> None:
        sample = kind.sample()
        with storage() as uow:
            added = kind.add(uow, sample)
            assert added == attrs.evolve(sample, version=1)
            assert kind.read(uow, sample) == added
            assert kind.read(uow, kind.other()) is None
            uow.commit()
        with storage() as uow:
            assert kind.read(uow, sample) == added
            assert kind.read(uow, kind.other()) is None

    @_each_repository
    def test_each_marketplace_update_bumps_the_version(
        self, storage: UnitOfWorkFactory, kind: _Kind
    ) -> None:
        sample = kind.sample()
        _write(storage, lambda uow: kind.add(uow, sample))
        with storage() as uow:
            stored = kind.read(uow, sample)
            changed = kind.repository(uow).update(kind.change(stored))
            assert changed == attrs.evolve(kind.change(stored), version=2)
            assert kind.read(uow, sample) == changed
            again = kind.repository(uow).update(changed)
            assert again == attrs.evolve(changed, version=3)
            uow.commit()
        with storage() as uow:
            assert kind.read(uow, sample) == again

    @_each_repository
    def test_a_stale_marketplace_write_is_a_conflict(
        self, storage: UnitOfWorkFactory, kind: _Kind
    ) -> None:
        sample = kind.sample()
        _write(storage, lambda uow: kind.add(uow, sample))
        first, second = storage(), storage()
        with first, second:
            mine, theirs = kind.read(first, sample), kind.read(second, sample)
            won = kind.repository(second).update(kind.change(theirs))
            second.commit()
            with pytest.raises(ConcurrencyConflictError):
                _update_and_commit(first, kind, mine)
        with storage() as uow:
            assert kind.read(uow, sample) == won
            with pytest.raises(ConcurrencyConflictError):
                kind.repository(uow).update(attrs.evolve(won, version=7))
            with pytest.raises(ConcurrencyConflictError):
                kind.repository(uow).update(attrs.evolve(kind.other(), version=1))

    @_each_repository
    def test_marketplace_writes_are_invisible_until_committed(
        self, storage: UnitOfWorkFactory, kind: _Kind
    ) -> None:
        sample, other = kind.sample(), kind.other()
        with storage() as uow:
            kind.add(uow, sample)
        with storage() as uow:
            assert kind.read(uow, sample) is None
            kind.add(uow, sample)
            uow.rollback()
            assert kind.read(uow, sample) is None
            stored = kind.add(uow, sample)
            uow.commit()
        with storage() as uow:
            kind.repository(uow).update(kind.change(stored))
        writer, reader = storage(), storage()
        with writer, reader:
            kind.add(writer, other)
            assert kind.read(reader, other) is None
            assert kind.read(reader, sample) == stored

    @_each_repository
    def test_a_marketplace_key_is_taken_once(self, storage: UnitOfWorkFactory, kind: _Kind) -> None:
        sample = kind.sample()
        clone = attrs.evolve(kind.change(sample), version=0)
        _assert_unique(storage, kind.add, lambda uow: kind.read(uow, sample), sample, clone)

    # -- offer search --------------------------------------------------------------------

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

    # -- saved searches and alerts ---------------------------------------------------------

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

    # -- applications --------------------------------------------------------------------

    def test_applications_found_by_offer_and_citizen(self, storage: UnitOfWorkFactory) -> None:
        applications = sample_applications()
        _add_all(storage, lambda uow, item: uow.applications.add(item), applications)
        with storage() as uow:
            for application in _stored(applications):
                assert uow.applications.find(application.offer, application.citizen) == application
            assert uow.applications.find(OfferId(long_id("offer-03")), BRUNO) is None
            assert uow.applications.find(OfferId(long_id("offer-09")), ANNA) is None

    def test_a_citizens_applications_newest_first_an_offers_oldest_first(
        self, storage: UnitOfWorkFactory
    ) -> None:
        """Ties in submission time go by id: descending for a citizen, ascending for an offer."""
        applications = sample_applications()
        _add_all(storage, lambda uow, item: uow.applications.add(item), applications)
        stored = _stored(applications)
        with storage() as uow:
            for citizen in (ANNA, BRUNO, CARLA, AccountId(long_id("nobody"))):
                expected = sorted(
                    (a for a in stored if a.citizen == citizen),
                    key=lambda a: (a.submitted_at, a.id),
                    reverse=True,
                )
                assert list(uow.applications.for_citizen(citizen)) == expected, citizen
            for offer in (
                long_id("offer-01"),
                long_id("offer-02"),
                long_id("offer-03"),
                long_id("offer-09"),
            ):
                expected = sorted(
                    (a for a in stored if a.offer == offer), key=lambda a: (a.submitted_at, a.id)
                )
                assert list(uow.applications.for_offer(OfferId(offer))) == expected, offer
            by_anna = [a.id for a in uow.applications.for_citizen(ANNA)]
            to_first = [a.id for a in uow.applications.for_offer(OfferId(long_id("offer-01")))]
        assert by_anna == [
            long_id("application-6"),
            long_id("application-2"),
            long_id("application-1"),
        ]
        assert to_first == [
            long_id("application-1"),
            long_id("application-3"),
            long_id("application-5"),
        ]

    def test_one_application_per_offer_and_citizen(self, storage: UnitOfWorkFactory) -> None:
        """AP-3: a second application of the citizen to the offer is a duplicate."""
        first = sample_application(1)
        second = sample_application(2, cover_letter=None, submitted_at=T0 + HOUR)
        _assert_unique(
            storage,
            lambda uow, application: uow.applications.add(application),
            lambda uow: uow.applications.find(first.offer, first.citizen),
            first,
            second,
        )

    # -- events and memberships ----------------------------------------------------------

    def test_events_not_over_by_start_then_id(self, storage: UnitOfWorkFactory) -> None:
        events = sample_events()
        _add_all(storage, lambda uow, event: uow.events.add(event), events)
        stored = _stored(events)
        with storage() as uow:
            for now in _EVENT_MOMENTS:
                expected = sorted(
                    (event for event in stored if not event.is_over(now)),
                    key=lambda event: (event.starts_at, event.id),
                )
                assert list(uow.events.not_over(now)) == expected, now
            listed = [event.id for event in uow.events.not_over(T0)]
        assert listed == [
            long_id("event-5"),
            long_id("event-2"),
            long_id("event-3"),
            long_id("event-1"),
        ]

    def test_an_organisers_events_by_start_then_id(self, storage: UnitOfWorkFactory) -> None:
        events = sample_events()
        _add_all(storage, lambda uow, event: uow.events.add(event), events)
        stored = _stored(events)
        with storage() as uow:
            for organiser in (long_id("cpi-1"), long_id("cpi-2"), long_id("cpi-9")):
                expected = sorted(
                    (event for event in stored if event.organiser == organiser),
                    key=lambda event: (event.starts_at, event.id),
                )
                assert list(uow.events.by_organiser(CpiId(organiser))) == expected, organiser
            listed = [event.id for event in uow.events.by_organiser(CpiId(long_id("cpi-1")))]
        assert listed == [long_id("event-4"), long_id("event-3"), long_id("event-1")]

    def test_memberships_by_event_and_by_citizen_oldest_first(
        self, storage: UnitOfWorkFactory
    ) -> None:
        memberships = sample_memberships()
        _add_all(storage, lambda uow, item: uow.memberships.add(item), memberships)
        stored = _stored(memberships)
        with storage() as uow:
            for membership in stored:
                assert uow.memberships.get(membership.event, membership.citizen) == membership
            assert uow.memberships.get(OTHER_FAIR, BRUNO) is None
            for citizen in (ANNA, BRUNO, CARLA, AccountId(long_id("nobody"))):
                expected = sorted(
                    (m for m in stored if m.citizen == citizen), key=lambda m: m.joined_at
                )
                assert list(uow.memberships.for_citizen(citizen)) == expected, citizen
            for event in (
                FAIR,
                OTHER_FAIR,
                EventId(long_id("event-3")),
                EventId(long_id("event-9")),
            ):
                expected = sorted(
                    (m for m in stored if m.event == event), key=lambda m: m.joined_at
                )
                assert list(uow.memberships.for_event(event)) == expected, event
            in_fair = [m.citizen for m in uow.memberships.for_event(FAIR)]
        assert in_fair == [ANNA, BRUNO, CARLA]

    def test_one_membership_per_event_and_citizen(self, storage: UnitOfWorkFactory) -> None:
        first = sample_membership(FAIR, ANNA)
        second = sample_membership(FAIR, ANNA, joined_at=T0 + HOUR, checked_in_at=None)
        _assert_unique(
            storage,
            lambda uow, membership: uow.memberships.add(membership),
            lambda uow: uow.memberships.get(FAIR, ANNA),
            first,
            second,
        )

    # -- messages ------------------------------------------------------------------------

    def test_an_inbox_holds_the_messages_to_the_citizen_newest_first(
        self, storage: UnitOfWorkFactory
    ) -> None:
        """MS-1: replies the citizen wrote and other citizens' messages are not there."""
        messages = sample_messages()
        _add_all(storage, lambda uow, message: uow.messages.add(message), messages)
        stored = _stored(messages)
        with storage() as uow:
            for citizen in (ANNA, BRUNO, CARLA):
                mine = [
                    m
                    for m in stored
                    if m.citizen == citizen and m.direction is Direction.TO_CITIZEN
                ]

                def fetch(page: PageRequest) -> Page[Message]:
                    return uow.messages.inbox(citizen, page)  # noqa: B023

                def expected(page: PageRequest) -> Page[Message]:
                    return _newest_first(mine, page, _message_key)  # noqa: B023

                assert fetch(_ALL) == expected(_ALL), citizen
                assert _walk(fetch, expected, 1) == list(expected(_ALL).items)
                _offsets(fetch, expected, len(mine))
            inbox = [m.id for m in uow.messages.inbox(ANNA, _ALL).items]
        assert inbox == [
            long_id("message-05"),
            long_id("message-04"),
            long_id("message-03"),
            long_id("message-01"),
        ]

    def test_unread_counts_are_exact_after_every_change(self, storage: UnitOfWorkFactory) -> None:
        """MS-2: only unread messages to the citizen count, never their own replies."""
        messages = sample_messages()
        _add_all(storage, lambda uow, message: uow.messages.add(message), messages)
        with storage() as uow:
            assert [uow.messages.unread_count(c) for c in (ANNA, BRUNO, CARLA)] == [3, 1, 0]
            opened = uow.messages.get(MessageId(long_id("message-01")))
            assert opened is not None
            uow.messages.update(attrs.evolve(opened, read_at=T0 + DAY))
            assert uow.messages.unread_count(ANNA) == 2
            uow.messages.add(sample_message(10, citizen=CARLA, sent_at=T0 + DAY))
            uow.messages.add(sample_message(11, citizen=CARLA, direction=Direction.FROM_CITIZEN))
            assert uow.messages.unread_count(CARLA) == 1
            uow.commit()
        with storage() as uow:
            assert [uow.messages.unread_count(c) for c in (ANNA, BRUNO, CARLA)] == [2, 1, 1]
            again = uow.messages.get(MessageId(long_id("message-03")))
            assert again is not None
            uow.messages.update(attrs.evolve(again, read_at=None))
        with storage() as uow:
            assert uow.messages.unread_count(ANNA) == 2

    def test_a_thread_reads_oldest_first(self, storage: UnitOfWorkFactory) -> None:
        messages = sample_messages()
        _add_all(storage, lambda uow, message: uow.messages.add(message), messages)
        stored = _stored(messages)
        with storage() as uow:
            for thread in {m.thread for m in stored} | {MessageId(long_id("message-99"))}:
                expected = sorted((m for m in stored if m.thread == thread), key=_message_key)
                assert list(uow.messages.thread(thread)) == expected, thread
            conversation = [m.id for m in uow.messages.thread(MessageId(long_id("message-01")))]
        assert conversation == [long_id("message-01"), long_id("message-02"), long_id("message-03")]

    def test_replies_from_citizens_by_counterpart_newest_first(
        self, storage: UnitOfWorkFactory
    ) -> None:
        """MS-3: what citizens wrote to one company or centre, not what it wrote to them."""
        messages = sample_messages()
        _add_all(storage, lambda uow, message: uow.messages.add(message), messages)
        stored = _stored(messages)
        desks = (
            (CounterpartKind.COMPANY, long_id("company-1")),
            (CounterpartKind.COMPANY, long_id("company-2")),
            (CounterpartKind.CPI, long_id("cpi-1")),
            (CounterpartKind.CPI, long_id("company-1")),
            (CounterpartKind.COMPANY, long_id("company-9")),
        )
        with storage() as uow:
            for kind, desk in desks:
                replies = [
                    m
                    for m in stored
                    if m.direction is Direction.FROM_CITIZEN
                    and m.counterpart.kind is kind
                    and m.counterpart.id == desk
                ]

                def fetch(page: PageRequest) -> Page[Message]:
                    return uow.messages.from_citizens(kind, desk, page)  # noqa: B023

                def expected(page: PageRequest) -> Page[Message]:
                    return _newest_first(replies, page, _message_key)  # noqa: B023

                assert fetch(_ALL) == expected(_ALL), (kind, desk)
                assert _walk(fetch, expected, 1) == list(expected(_ALL).items)
            to_trattoria = uow.messages.from_citizens(
                CounterpartKind.COMPANY, long_id("company-1"), _ALL
            )
        assert [m.id for m in to_trattoria.items] == [long_id("message-08"), long_id("message-02")]

    # -- unlock requests -----------------------------------------------------------------

    def test_unlock_requests_by_company_and_cv(self, storage: UnitOfWorkFactory) -> None:
        requests = sample_unlock_requests()
        _add_all(storage, lambda uow, request: uow.unlock_requests.add(request), requests)
        stored = _stored(requests)
        with storage() as uow:
            for request in stored:
                assert uow.unlock_requests.find(request.company, request.cv) == request
            assert (
                uow.unlock_requests.find(CompanyId(long_id("company-2")), CvId(long_id("cv-2")))
                is None
            )
            for cv in (long_id("cv-1"), long_id("cv-2"), long_id("cv-3"), long_id("cv-9")):
                expected = sorted((r for r in stored if r.cv == cv), key=lambda r: r.history[0].at)
                assert list(uow.unlock_requests.for_cv(CvId(cv))) == expected, cv
            for company in (long_id("company-1"), long_id("company-2"), long_id("company-9")):
                expected = sorted(
                    (r for r in stored if r.company == company), key=lambda r: r.history[0].at
                )
                found = uow.unlock_requests.for_company(CompanyId(company))
                assert list(found) == expected, company
            about_first = [r.id for r in uow.unlock_requests.for_cv(CvId(long_id("cv-1")))]
        assert about_first == [long_id("unlock-2"), long_id("unlock-1")]

    def test_one_unlock_request_per_company_and_cv(self, storage: UnitOfWorkFactory) -> None:
        """CV-12: a company asks once for a CV."""
        first = sample_unlock_request(1)
        second = sample_unlock_request(2, requested_at=T0 + DAY)
        _assert_unique(
            storage,
            lambda uow, request: uow.unlock_requests.add(request),
            lambda uow: uow.unlock_requests.find(first.company, first.cv),
            first,
            second,
        )

    # -- published CVs -------------------------------------------------------------------

    def test_published_cv_search_answers_what_cv_matches_defines(
        self, storage: UnitOfWorkFactory
    ) -> None:
        """CV-12: published, unexpired CVs only, every filter, newest publication first."""
        cvs = sample_talent_cvs()
        _add_all(storage, lambda uow, cv: uow.cvs.add(cv), cvs)
        stored = _stored(cvs)
        with storage() as uow:
            for now in _CV_NOWS:
                for query in sample_cv_queries():
                    found = [cv for cv in stored if cv_matches(cv, query, now=now)]
                    expected = _newest_first(found, _ALL, cv_sort_key)
                    assert uow.cvs.search_published(query, _ALL, now=now) == expected, (query, now)
            listed = [cv.id for cv in uow.cvs.search_published(CvQuery(), _ALL, now=T0).items]
        assert listed == [
            long_id("cv-4"),
            long_id("cv-7"),
            long_id("cv-3"),
            long_id("cv-2"),
            long_id("cv-1"),
        ]

    def test_published_cv_search_pages_by_cursor_and_by_offset(
        self, storage: UnitOfWorkFactory
    ) -> None:
        cvs = sample_talent_cvs()
        _add_all(storage, lambda uow, cv: uow.cvs.add(cv), cvs)
        stored = _stored(cvs)
        with storage() as uow:
            for now in (T0, T0 + 3 * DAY):
                found = [cv for cv in stored if cv_matches(cv, CvQuery(), now=now)]

                def fetch(page: PageRequest) -> Page[Cv]:
                    return uow.cvs.search_published(CvQuery(), page, now=now)  # noqa: B023

                def expected(page: PageRequest) -> Page[Cv]:
                    return _newest_first(found, page, cv_sort_key)  # noqa: B023

                for size in (1, 2):
                    assert _walk(fetch, expected, size) == list(expected(_ALL).items)
                _offsets(fetch, expected, len(found))
