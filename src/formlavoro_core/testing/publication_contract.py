"""The publication-number contract of ``OfferRepository`` (OF-7 alerts).

A mixin for :class:`~formlavoro_core.testing.storage_contract.StorageContract`, using its
``storage`` fixture. Publication numbers are what alerts follow instead of clock times:
they count 1, 2, 3, … in the order publications commit, a number is committed only
after the one before it, and :meth:`published_between` answers what
:func:`~formlavoro_core.offers.query.offer_matches` selects among the numbered offers,
lowest number first.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import attrs

from formlavoro_core.errors import ConcurrencyConflictError, DuplicateKeyError
from formlavoro_core.ids import EventId, OfferId
from formlavoro_core.offers.model import OfferStatus
from formlavoro_core.offers.query import OfferQuery, offer_matches
from formlavoro_core.reference.code_types import MunicipalityCode, ProfessionCode, ProvinceCode
from formlavoro_core.testing.marketplace_samples import DAY, T0, sample_offer

if TYPE_CHECKING:
    from formlavoro_core.offers.model import Offer
    from formlavoro_core.ports import UnitOfWork, UnitOfWorkFactory

__all__ = ["PublicationNumberContract"]

T = TypeVar("T")

_TRIES = 5


def _offers() -> tuple[Offer, ...]:
    """Offers to number: standard ones that differ in place, profession and state."""
    return (
        sample_offer(1),
        sample_offer(2, workplace=MunicipalityCode("E463")),
        sample_offer(3, profession=ProfessionCode("5.2.2.4.0"), title="Barista"),
        sample_offer(4, status=OfferStatus.CLOSED, closed_at=T0 - DAY),
        sample_offer(5, event=EventId("event-1")),
        sample_offer(6),
        sample_offer(7, title="Cuoco capo"),
    )


def _retried(storage: UnitOfWorkFactory, work: Callable[[UnitOfWork], T]) -> T:
    """Run ``work`` and commit, again on a conflict, as the portal does."""
    for attempt in range(_TRIES):
        try:
            with storage(exclusive=attempt > 0) as uow:
                outcome = work(uow)
                uow.commit()
                return outcome
        except ConcurrencyConflictError:
            continue
    raise AssertionError(f"still in conflict after {_TRIES} attempts")


class PublicationNumberContract:
    """What every ``OfferRepository`` does with publication numbers (OF-7)."""

    def test_publication_numbers_count_from_one_and_are_seen_at_once(
        self, storage: UnitOfWorkFactory
    ) -> None:
        offers = _offers()
        with storage() as uow:
            assert uow.offers.last_publication_number() == 0
            for offer in offers[:3]:
                uow.offers.add(offer)
            assert [uow.offers.record_publication(o.id) for o in offers[:2]] == [1, 2]
            assert uow.offers.last_publication_number() == 2
            uow.commit()
        with storage() as uow:
            assert uow.offers.last_publication_number() == 2
            assert uow.offers.record_publication(offers[2].id) == 3
            # rolled back: the number is free again
        with storage() as uow:
            assert uow.offers.last_publication_number() == 2

    def test_an_offer_is_numbered_once(self, storage: UnitOfWorkFactory) -> None:
        offer = _offers()[0]
        with storage() as uow:
            uow.offers.add(offer)
            uow.offers.record_publication(offer.id)
            uow.commit()
        try:
            with storage() as uow:
                uow.offers.record_publication(offer.id)
                uow.commit()
        except DuplicateKeyError:
            pass
        else:
            raise AssertionError("an offer took a second publication number")

    def test_published_between_answers_what_offer_matches_selects_lowest_number_first(
        self, storage: UnitOfWorkFactory
    ) -> None:
        offers = _offers()
        unnumbered = sample_offer(8)
        with storage() as uow:
            for offer in (*offers, unnumbered):
                uow.offers.add(offer)
            numbers = {offer.id: uow.offers.record_publication(offer.id) for offer in offers}
            uow.commit()
        queries = (
            OfferQuery(),
            OfferQuery(province=ProvinceCode("GE")),
            OfferQuery(profession=ProfessionCode("5.2.2.1")),
            OfferQuery(text="cuoco"),
        )
        now = T0
        with storage() as uow:
            for query in queries:
                for after, up_to in ((0, 7), (1, 6), (3, 3), (2, 5)):
                    expected = [
                        (numbers[offer.id], offer)
                        for offer in offers
                        if after < numbers[offer.id] <= up_to
                        and offer_matches(offer, query, now=now)
                    ]
                    found = uow.offers.published_between(
                        query, after=after, up_to=up_to, now=now, limit=100
                    )
                    assert [(n, o.id) for n, o in found] == [(n, o.id) for n, o in expected]
                    stored = [attrs.evolve(offer, version=1) for _, offer in expected]
                    assert [offer for _, offer in found] == stored
                    limited = uow.offers.published_between(
                        query, after=after, up_to=up_to, now=now, limit=1
                    )
                    assert [(n, o.id) for n, o in limited] == [(n, o.id) for n, o in expected[:1]]
            assert unnumbered.id not in {
                o.id
                for _, o in uow.offers.published_between(
                    OfferQuery(), after=0, up_to=100, now=now, limit=100
                )
            }

    def test_concurrent_publishers_end_with_distinct_consecutive_numbers(
        self, storage: UnitOfWorkFactory
    ) -> None:
        offers = _offers()[:2]
        with storage() as uow:
            for offer in offers:
                uow.offers.add(offer)
            uow.commit()
        first_took = threading.Event()
        second_starts = threading.Event()
        taken: dict[OfferId, int] = {}
        errors: list[BaseException] = []

        def first(uow: UnitOfWork) -> int:
            number = uow.offers.record_publication(offers[0].id)
            first_took.set()
            second_starts.wait()
            return number

        def second(uow: UnitOfWork) -> int:
            second_starts.set()
            return uow.offers.record_publication(offers[1].id)

        def run(offer: Offer, work: Callable[[UnitOfWork], int]) -> None:
            try:
                taken[offer.id] = _retried(storage, work)
            except BaseException as exc:  # noqa: BLE001 - reported by the test thread
                errors.append(exc)

        one = threading.Thread(target=run, args=(offers[0], first))
        one.start()
        first_took.wait()
        two = threading.Thread(target=run, args=(offers[1], second))
        two.start()
        one.join()
        two.join()
        assert errors == []
        assert sorted(taken.values()) == [1, 2]
        with storage() as uow:
            assert uow.offers.last_publication_number() == 2
            found = uow.offers.published_between(OfferQuery(), after=0, up_to=2, now=T0, limit=9)
            assert {(n, o.id) for n, o in found} == {(n, i) for i, n in taken.items()}
