"""The event storage contract: events and memberships, their orders and unique key.

A mixin of :class:`~formlavoro_core.testing.marketplace_contract.MarketplaceStorageContract`
using its ``storage`` fixture.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from formlavoro_core.ids import AccountId, CpiId, EventId
from formlavoro_core.testing.ids import long_id
from formlavoro_core.testing.marketplace_checks import _add_all, _assert_unique, _stored
from formlavoro_core.testing.samples.events import (
    _EVENT_MOMENTS,
    FAIR,
    OTHER_FAIR,
    sample_events,
    sample_membership,
    sample_memberships,
)
from formlavoro_core.testing.samples.scene import ANNA, BRUNO, CARLA, HOUR, T0

if TYPE_CHECKING:
    from formlavoro_core.ports import UnitOfWorkFactory


__all__ = ["EventStorageContract"]


class EventStorageContract:
    """Behaviour of the event and membership repositories: orders and one membership each."""

    def make_storage(self) -> UnitOfWorkFactory:
        """Return a fresh, empty storage (a unit-of-work factory)."""
        raise NotImplementedError

    @pytest.fixture
    def storage(self) -> UnitOfWorkFactory:
        """A fresh storage for each test."""
        return self.make_storage()

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
