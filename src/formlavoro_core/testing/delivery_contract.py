"""The contract of the outbox's retries and dead letters, and of the deadline walks.

A mixin for :class:`~formlavoro_core.testing.storage_contract.StorageContract`, using its
``storage`` fixture (issue 11): the outbox answers the due messages in due order and
keeps its dead letters apart; deadline marks are versioned like any aggregate; CVs,
offers and events answer the deadlines of a walk (by time, then id, after a mark and
before a bound) as :func:`~formlavoro_core.deadlines.pass_deadlines` needs them.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import attrs
import pytest

from formlavoro_core.deadlines import Deadline, DeadlineMark
from formlavoro_core.errors import ConcurrencyConflictError
from formlavoro_core.ids import AccountId, CvId, OutboxMessageId
from formlavoro_core.messaging.outbox import EmailKind, OutboxMessage, OutgoingEmail
from formlavoro_core.offers.model import OfferStatus
from formlavoro_core.testing.ids import long_id
from formlavoro_core.testing.marketplace_samples import DAY, HOUR, T0, sample_event, sample_offer
from formlavoro_core.testing.samples.cvs import sample_cv

if TYPE_CHECKING:
    from formlavoro_core.ports import UnitOfWorkFactory

__all__ = ["DeliveryStorageContract"]

MINUTE = dt.timedelta(minutes=1)


def _mail(number: int, created_at: dt.datetime = T0) -> OutboxMessage:
    return OutboxMessage(
        id=OutboxMessageId(long_id(f"mail-{number}")),
        email=OutgoingEmail(
            to=f"cittadino{number}@example.it",
            subject=f"Messaggio {number}",
            body="Buongiorno.",
            kind=EmailKind.NEW_MESSAGE,
        ),
        created_at=created_at,
    )


class DeliveryStorageContract:
    """Outbox retries and dead letters, deadline marks and deadline walks."""

    def test_outbox_pending_answers_due_messages_in_due_order(
        self, storage: UnitOfWorkFactory
    ) -> None:
        """A retry due earlier comes before a newer message.

        Later retries, sent messages and dead letters do not come at all.
        """
        with storage() as uow:
            retried = uow.outbox.add(_mail(1, T0 - HOUR))
            uow.outbox.update(retried.failed("SMTP 451", retry_at=T0 - 10 * MINUTE))
            uow.outbox.add(_mail(2, T0 - 30 * MINUTE))
            later = uow.outbox.add(_mail(3, T0 - 2 * HOUR))
            uow.outbox.update(later.failed("SMTP 451", retry_at=T0 + MINUTE))
            sent = uow.outbox.add(_mail(4, T0 - 3 * HOUR))
            uow.outbox.update(sent.delivered(T0 - HOUR))
            dead = uow.outbox.add(_mail(5, T0 - 3 * HOUR))
            uow.outbox.update(dead.buried("SMTP 550", T0 - HOUR))
            uow.commit()
        with storage() as uow:
            due = [message.id for message in uow.outbox.pending(limit=10, now=T0)]
            assert due == [long_id("mail-2"), long_id("mail-1")]
            later_due = uow.outbox.pending(limit=10, now=T0 + MINUTE)
            assert [m.id for m in later_due][-1] == long_id("mail-3")

    def test_outbox_get_and_dead_letters_most_recent_first(
        self, storage: UnitOfWorkFactory
    ) -> None:
        """Dead letters come the most recent first, then by id, up to the limit."""
        with storage() as uow:
            for number, dead_at in ((1, T0), (2, T0 + HOUR), (3, T0), (4, None)):
                message = uow.outbox.add(_mail(number))
                if dead_at is not None:
                    uow.outbox.update(message.buried("SMTP 550 5.1.1", dead_at))
            uow.commit()
        with storage() as uow:
            assert [m.id for m in uow.outbox.dead(limit=10)] == [
                long_id("mail-2"),
                long_id("mail-1"),
                long_id("mail-3"),
            ]
            assert [m.id for m in uow.outbox.dead(limit=1)] == [long_id("mail-2")]
            stored = uow.outbox.get(OutboxMessageId(long_id("mail-2")))
            assert stored is not None
            assert (stored.dead_at, stored.last_error, stored.attempts) == (
                T0 + HOUR,
                "SMTP 550 5.1.1",
                1,
            )
            assert uow.outbox.get(OutboxMessageId(long_id("mail-9"))) is None
            requeued = uow.outbox.update(stored.requeued(T0 + DAY))
            uow.commit()
        with storage() as uow:
            assert uow.outbox.get(requeued.id) == requeued
            assert [m.id for m in uow.outbox.pending(limit=10, now=T0 + DAY)] == [
                long_id("mail-2"),
                long_id("mail-4"),
            ]

    def test_deadline_marks_round_trip_with_their_version(self, storage: UnitOfWorkFactory) -> None:
        """A job's mark is stored, moved with a version check, and unique per job."""
        mark = DeadlineMark(job="cv_expired", through=Deadline(at=T0, id=long_id("cv-1")))
        with storage() as uow:
            assert uow.deadline_marks.get("cv_expired") is None
            stored = uow.deadline_marks.add(mark)
            uow.commit()
        with storage() as uow:
            assert uow.deadline_marks.get("cv_expired") == stored
            moved = uow.deadline_marks.update(attrs.evolve(stored, through=Deadline(at=T0 + DAY)))
            uow.commit()
        with storage() as uow:
            assert uow.deadline_marks.get("cv_expired") == moved
            with pytest.raises(ConcurrencyConflictError):
                uow.deadline_marks.update(stored)  # the version read before the move
        with storage() as uow, pytest.raises(ConcurrencyConflictError):
            uow.deadline_marks.add(mark)  # one mark per job

    def test_cvs_expiring_walk_by_expiry_then_id(self, storage: UnitOfWorkFactory) -> None:
        """CV-11: published CVs whose expiry lies after the mark and before the bound."""
        expiries = {"a": T0, "b": T0, "c": T0 + HOUR, "d": T0 + DAY, "e": None}
        with storage() as uow:
            for name, expires_at in expiries.items():
                owner = AccountId(long_id(f"account-{name}"))
                cv = sample_cv(owner, cv_id=long_id(f"cv-{name}"), expires_at=expires_at)
                uow.cvs.add(cv)
            uow.commit()

        def walk(after: Deadline, before: dt.datetime, limit: int = 10) -> list[str]:
            with storage() as uow:
                return [cv.id for cv in uow.cvs.expiring(after=after, before=before, limit=limit)]

        everything = Deadline(at=T0 - DAY)
        assert walk(everything, T0 + DAY) == [long_id(f"cv-{n}") for n in "abc"]
        assert walk(everything, T0 + DAY + MINUTE) == [long_id(f"cv-{n}") for n in "abcd"]
        assert walk(everything, T0 + DAY, limit=1) == [long_id("cv-a")]
        assert walk(Deadline(at=T0, id=long_id("cv-a")), T0 + DAY) == [
            long_id("cv-b"),
            long_id("cv-c"),
        ]
        assert walk(Deadline(at=T0), T0) == []
        assert walk(Deadline(at=T0 + HOUR, id=long_id("cv-c")), T0 + 2 * DAY) == [long_id("cv-d")]
        assert CvId(long_id("cv-e")) not in walk(everything, T0 + 9 * DAY)

    def test_offers_expiring_walk_active_ones_only(self, storage: UnitOfWorkFactory) -> None:
        """AP-12: active offers whose expiry lies in the walk; closed and drafts are not."""
        at = sample_offer(1).expires_at
        offers = (
            sample_offer(1),
            sample_offer(2),
            sample_offer(3, status=OfferStatus.CLOSED, closed_at=T0),
            sample_offer(4, status=OfferStatus.DRAFT, published_at=None),
            sample_offer(5, expires_at=at + HOUR),
        )
        with storage() as uow:
            for offer in offers:
                uow.offers.add(offer)
            uow.commit()
        with storage() as uow:
            found = uow.offers.expiring(after=Deadline(at=at - DAY), before=at + DAY, limit=10)
            assert [offer.id for offer in found] == [offers[0].id, offers[1].id, offers[4].id]
            after_first = uow.offers.expiring(
                after=Deadline(at=at, id=offers[0].id), before=at + HOUR, limit=10
            )
            assert [offer.id for offer in after_first] == [offers[1].id]

    def test_events_registration_closing_walk_open_ones_only(
        self, storage: UnitOfWorkFactory
    ) -> None:
        """EV-1: events whose open registration closes in the walk; closed ones are not."""
        closes = T0 + DAY
        events = (
            sample_event(1, registration_closes_at=closes),
            sample_event(2, registration_closes_at=closes - HOUR),
            sample_event(3, registration_closes_at=closes, registration_open=False),
            sample_event(4, registration_closes_at=None),
        )
        with storage() as uow:
            for event in events:
                uow.events.add(event)
            uow.commit()
        with storage() as uow:
            found = uow.events.registration_closing(
                after=Deadline(at=T0), before=closes + MINUTE, limit=10
            )
            assert [event.id for event in found] == [events[1].id, events[0].id]
            stored = found[1]
            uow.events.update(attrs.evolve(stored, registration_open=False))
            uow.commit()
        with storage() as uow:
            found = uow.events.registration_closing(
                after=Deadline(at=T0), before=closes + MINUTE, limit=10
            )
            assert [event.id for event in found] == [events[1].id]
