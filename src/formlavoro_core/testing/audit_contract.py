"""The contract of the audit log (SEC-3), a mixin of the storage contract.

Records are appended in the unit of work of what they record, in sequence, never
changed; a sequence is taken once; pruning removes the start of the chain and keeps the
anchor the rest follows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

import attrs
import pytest

from formlavoro_core.errors import ConcurrencyConflictError
from formlavoro_core.ids import AccountId
from formlavoro_core.privacy.audit import (
    Actor,
    AuditAction,
    AuditAnchor,
    AuditEntry,
    AuditEvent,
    append_event,
    chained,
    verify_chain,
)
from formlavoro_core.testing.ids import long_id
from formlavoro_core.testing.marketplace_samples import HOUR, T0

if TYPE_CHECKING:
    from formlavoro_core.ports import UnitOfWork, UnitOfWorkFactory

__all__ = ["AuditLogContract", "audit_event"]

SUBJECT = AccountId(long_id("audit-subject"))
OTHER = AccountId(long_id("audit-other"))


def audit_event(number: int, subject: AccountId | None = SUBJECT) -> AuditEvent:
    """A sample event: a company reading a citizen's application."""
    return AuditEvent(
        actor=Actor(kind="company", id=long_id(f"company-{number}")),
        action=AuditAction.PERSONAL_DATA_READ,
        subject=subject,
        use_case="applications.view",
        refs=(long_id(f"application-{number}"), long_id(f"offer-{number}")),
    )


def _appended(storage: UnitOfWorkFactory, count: int, *, start: dt.datetime = T0) -> None:
    with storage() as uow:
        for number in range(count):
            subject = SUBJECT if number % 2 == 0 else OTHER
            append_event(uow.audit, audit_event(number, subject), at=start + number * HOUR)
        uow.commit()


def _write(storage: UnitOfWorkFactory, change: Callable[[UnitOfWork], object]) -> None:
    with storage() as uow:
        change(uow)
        uow.commit()


def _all(storage: UnitOfWorkFactory) -> list[AuditEntry]:
    with storage() as uow:
        return list(uow.audit.entries(after=0, limit=1000))


class AuditLogContract:
    """SEC-3: the audit log on every storage."""

    def test_sec3_records_round_trip_in_sequence_and_chain(
        self, storage: UnitOfWorkFactory
    ) -> None:
        _appended(storage, 5)
        with storage() as uow:
            entries = list(uow.audit.entries(after=0, limit=10))
            head = uow.audit.head()
            assert list(uow.audit.entries(after=2, limit=2)) == entries[2:4]
        assert [entry.sequence for entry in entries] == [1, 2, 3, 4, 5]
        assert head == entries[-1]
        assert entries[0].at == T0
        assert entries[0].refs == audit_event(0).refs
        assert entries[0].actor == Actor(kind="company", id=long_id("company-0"))
        assert verify_chain(entries) == 5

    def test_sec3_records_about_one_subject_in_sequence(self, storage: UnitOfWorkFactory) -> None:
        _appended(storage, 5)
        with storage() as uow:
            about = uow.audit.about(SUBJECT)
            none = uow.audit.about(AccountId(long_id("nobody")))
        assert [entry.sequence for entry in about] == [1, 3, 5]
        assert none == []

    def test_sec3_an_empty_log_has_no_head_no_anchor(self, storage: UnitOfWorkFactory) -> None:
        with storage() as uow:
            assert uow.audit.head() is None
            assert uow.audit.anchor() is None
            assert uow.audit.last_before(T0) is None

    def test_sec3_records_roll_back_with_their_unit_of_work(
        self, storage: UnitOfWorkFactory
    ) -> None:
        with storage() as uow:
            append_event(uow.audit, audit_event(1), at=T0)
            assert uow.audit.head() is not None  # the unit of work reads its own writes
            uow.rollback()
        assert _all(storage) == []

    def test_sec3_a_sequence_is_taken_once(self, storage: UnitOfWorkFactory) -> None:
        """Two units of work following the same head: only one commits."""
        with storage() as uow:
            first = chained(None, audit_event(1), at=T0)
            uow.audit.append(first)
            uow.commit()
        with pytest.raises(ConcurrencyConflictError):
            _write(storage, lambda uow: uow.audit.append(chained(None, audit_event(2), at=T0)))
        assert _all(storage) == [first]

    def test_sec3_last_before_is_the_latest_record_made_before(
        self, storage: UnitOfWorkFactory
    ) -> None:
        _appended(storage, 4)
        with storage() as uow:
            found = uow.audit.last_before(T0 + 2 * HOUR)
            none = uow.audit.last_before(T0)
        assert found is not None
        assert found.sequence == 2
        assert none is None

    def test_sec3_pruning_keeps_the_anchor_and_the_rest(self, storage: UnitOfWorkFactory) -> None:
        _appended(storage, 4)
        before = _all(storage)
        with storage() as uow:
            removed = uow.audit.prune(AuditAnchor(sequence=2, hash=before[1].hash))
            uow.commit()
        with storage() as uow:
            anchor = uow.audit.anchor()
            kept = list(uow.audit.entries(after=0, limit=10))
            head = uow.audit.head()
        assert removed == 2
        assert anchor == AuditAnchor(sequence=2, hash=before[1].hash, version=1)
        assert kept == before[2:]
        assert head == before[-1]
        with storage() as uow:
            uow.audit.prune(attrs.evolve(anchor, sequence=3, hash=before[2].hash))
            uow.commit()
        with storage() as uow:
            assert uow.audit.anchor() == AuditAnchor(sequence=3, hash=before[2].hash, version=2)
            assert list(uow.audit.entries(after=0, limit=10)) == before[3:]

    def test_sec3_a_stale_anchor_is_a_conflict(self, storage: UnitOfWorkFactory) -> None:
        _appended(storage, 3)
        entries = _all(storage)
        with storage() as uow:
            uow.audit.prune(AuditAnchor(sequence=1, hash=entries[0].hash))
            uow.commit()
        with pytest.raises(ConcurrencyConflictError):
            _write(
                storage, lambda uow: uow.audit.prune(AuditAnchor(sequence=2, hash=entries[1].hash))
            )
        with storage() as uow:
            assert uow.audit.anchor() == AuditAnchor(sequence=1, hash=entries[0].hash, version=1)
