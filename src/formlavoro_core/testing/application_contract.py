"""The application storage contract: lookups, orders and one application per offer and citizen.

A mixin of :class:`~formlavoro_core.testing.marketplace_contract.MarketplaceStorageContract`
using its ``storage`` fixture.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from formlavoro_core.ids import AccountId, OfferId
from formlavoro_core.testing.ids import long_id
from formlavoro_core.testing.marketplace_checks import _add_all, _assert_unique, _stored
from formlavoro_core.testing.samples.applications import sample_application, sample_applications
from formlavoro_core.testing.samples.scene import ANNA, BRUNO, CARLA, HOUR, T0

if TYPE_CHECKING:
    from formlavoro_core.ports import UnitOfWorkFactory


__all__ = ["ApplicationStorageContract"]


class ApplicationStorageContract:
    """Behaviour of the application repository: lookups, both orders, one per offer and citizen."""

    def make_storage(self) -> UnitOfWorkFactory:
        """Return a fresh, empty storage (a unit-of-work factory)."""
        raise NotImplementedError

    @pytest.fixture
    def storage(self) -> UnitOfWorkFactory:
        """A fresh storage for each test."""
        return self.make_storage()

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
