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
for page, so an SQL adapter answers exactly what the in-memory one does.

The suite is the sum of one mixin per aggregate family, each usable on its own:
:class:`MarketplaceRepositoryContract` (what every repository shares),
:class:`~formlavoro_core.testing.offer_contract.OfferStorageContract`,
:class:`~formlavoro_core.testing.application_contract.ApplicationStorageContract`,
:class:`~formlavoro_core.testing.event_contract.EventStorageContract`,
:class:`~formlavoro_core.testing.messaging_contract.MessagingStorageContract` and
:class:`~formlavoro_core.testing.talent_contract.TalentStorageContract`. The sample
builders are public, in :mod:`formlavoro_core.testing.samples`: other suites may reuse
them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import attrs
import pytest

from formlavoro_core.applications.model import ApplicationStatus, RejectionReason
from formlavoro_core.errors import ConcurrencyConflictError
from formlavoro_core.ids import CompanyId, OfferId
from formlavoro_core.offers.alerts import AlertFrequency
from formlavoro_core.offers.model import OfferStatus
from formlavoro_core.offers.query import OfferQuery
from formlavoro_core.talent.model import UnlockStatus
from formlavoro_core.testing.application_contract import ApplicationStorageContract
from formlavoro_core.testing.event_contract import EventStorageContract
from formlavoro_core.testing.ids import long_id
from formlavoro_core.testing.marketplace_checks import _assert_unique, _write
from formlavoro_core.testing.messaging_contract import MessagingStorageContract
from formlavoro_core.testing.offer_contract import OfferStorageContract
from formlavoro_core.testing.samples.alerts import sample_alert_ledger, sample_saved_search
from formlavoro_core.testing.samples.applications import sample_application
from formlavoro_core.testing.samples.events import FAIR, sample_event, sample_membership
from formlavoro_core.testing.samples.messages import _message_with_every_field, sample_message
from formlavoro_core.testing.samples.offers import _offer_with_every_field, sample_offer
from formlavoro_core.testing.samples.organisations import (
    sample_company,
    sample_employment_centre,
    sample_training_entity,
)
from formlavoro_core.testing.samples.scene import BRUNO, DAY, T0
from formlavoro_core.testing.samples.talent import sample_unlock_request
from formlavoro_core.testing.talent_contract import TalentStorageContract

if TYPE_CHECKING:
    from formlavoro_core.ports import UnitOfWork, UnitOfWorkFactory


__all__ = ["MarketplaceRepositoryContract", "MarketplaceStorageContract"]


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


class MarketplaceRepositoryContract:
    """Behaviour every marketplace repository shares, checked on each of them.

    A new aggregate comes back at version 1 with every field equal; each update bumps
    the version; a stale or made-up version is a ``ConcurrencyConflictError``; nothing
    is visible without ``commit``; a key is taken once.
    """

    def make_storage(self) -> UnitOfWorkFactory:
        """Return a fresh, empty storage (a unit-of-work factory)."""
        raise NotImplementedError

    @pytest.fixture
    def storage(self) -> UnitOfWorkFactory:
        """A fresh storage for each test."""
        return self.make_storage()

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


class MarketplaceStorageContract(
    MarketplaceRepositoryContract,
    OfferStorageContract,
    ApplicationStorageContract,
    EventStorageContract,
    MessagingStorageContract,
    TalentStorageContract,
):
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
