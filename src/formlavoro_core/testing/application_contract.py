"""The application storage contract: lookups, orders and one application per offer and citizen.

A mixin of :class:`~formlavoro_core.testing.marketplace_contract.MarketplaceStorageContract`
using its ``storage`` fixture.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from formlavoro_core.applications.repository import ApplyingReads
from formlavoro_core.ids import AccountId, CvId, OfferId
from formlavoro_core.testing.ids import long_id
from formlavoro_core.testing.marketplace_checks import _add_all, _assert_unique, _stored
from formlavoro_core.testing.samples.accounts import sample_account
from formlavoro_core.testing.samples.applications import sample_application, sample_applications
from formlavoro_core.testing.samples.cvs import sample_cv
from formlavoro_core.testing.samples.offers import sample_offer
from formlavoro_core.testing.samples.scene import ANNA, BRUNO, CARLA, DAY, HOUR, T0

if TYPE_CHECKING:
    from formlavoro_core.ports import UnitOfWork, UnitOfWorkFactory


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

    def test_applying_reads_the_offer_the_previous_application_the_cv_and_the_account(
        self, storage: UnitOfWorkFactory
    ) -> None:
        """AP-1, AP-3, AP-12: ``applying`` answers what the four lookups answer, together."""
        offers = (sample_offer(1), sample_offer(2))
        accounts = (sample_account(1), sample_account(2))
        cv = sample_cv(ANNA, expires_at=T0 + 90 * DAY)
        application = sample_application(1)
        with storage() as uow:
            for offer in offers:
                uow.offers.add(offer)
            for account in accounts:
                uow.accounts.add(account)
            uow.cvs.add(cv)
            uow.applications.add(application)
            uow.commit()
        (first, second), (anna, bruno) = _stored(offers), _stored(accounts)
        with storage() as uow:
            assert uow.applying(first.id, ANNA) == ApplyingReads(
                offer=first, previous=_stored([application])[0], cv=_stored([cv])[0], account=anna
            )
            assert uow.applying(second.id, BRUNO) == ApplyingReads(
                offer=second, previous=None, cv=None, account=bruno
            )
            nothing = ApplyingReads(offer=None, previous=None, cv=None, account=None)
            assert uow.applying(OfferId(long_id("offer-09")), CARLA) == nothing
            for offer_id in (first.id, second.id, OfferId(long_id("offer-09"))):
                for citizen in (ANNA, BRUNO, CARLA):
                    reads = uow.applying(offer_id, citizen)
                    assert reads == _one_by_one(uow, offer_id, citizen)

    def test_applying_reads_what_its_own_transaction_wrote(
        self, storage: UnitOfWorkFactory
    ) -> None:
        """Like every read of a unit of work, and only there until it commits."""
        offer = sample_offer(1)
        with storage() as uow:
            uow.offers.add(offer)
            uow.commit()
        application = sample_application(3, citizen=BRUNO)
        cv = sample_cv(BRUNO, cv_id=long_id("cv-2"))
        with storage() as uow:
            uow.accounts.add(sample_account(2))
            uow.cvs.add(cv)
            uow.applications.add(application)
            reads = uow.applying(offer.id, BRUNO)
            found = (reads.offer, reads.previous, reads.cv, reads.account)
            assert [None if item is None else item.id for item in found] == [
                offer.id,
                application.id,
                CvId(long_id("cv-2")),
                BRUNO,
            ]
        with storage() as uow:
            assert uow.applying(offer.id, BRUNO) == ApplyingReads(
                offer=_stored([offer])[0], previous=None, cv=None, account=None
            )


def _one_by_one(uow: UnitOfWork, offer: OfferId, citizen: AccountId) -> ApplyingReads:
    return ApplyingReads(
        offer=uow.offers.get(offer),
        previous=uow.applications.find(offer, citizen),
        cv=uow.cvs.by_owner(citizen),
        account=uow.accounts.get(citizen),
    )
