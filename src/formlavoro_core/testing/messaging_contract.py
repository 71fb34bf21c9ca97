"""The messaging storage contract: inboxes, unread counts, threads and replies.

A mixin of :class:`~formlavoro_core.testing.marketplace_contract.MarketplaceStorageContract`
using its ``storage`` fixture.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs
import pytest

from formlavoro_core.ids import MessageId
from formlavoro_core.messaging.model import CounterpartKind, Direction, Message
from formlavoro_core.paging import Page, PageRequest
from formlavoro_core.testing.ids import long_id
from formlavoro_core.testing.marketplace_checks import (
    _ALL,
    _add_all,
    _message_key,
    _newest_first,
    _offsets,
    _stored,
    _walk,
)
from formlavoro_core.testing.samples.messages import sample_message, sample_messages
from formlavoro_core.testing.samples.scene import ANNA, BRUNO, CARLA, DAY, T0

if TYPE_CHECKING:
    from formlavoro_core.ports import UnitOfWorkFactory


__all__ = ["MessagingStorageContract"]


class MessagingStorageContract:
    """Behaviour of the message repository: inboxes, unread counts, threads and replies."""

    def make_storage(self) -> UnitOfWorkFactory:
        """Return a fresh, empty storage (a unit-of-work factory)."""
        raise NotImplementedError

    @pytest.fixture
    def storage(self) -> UnitOfWorkFactory:
        """A fresh storage for each test."""
        return self.make_storage()

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
