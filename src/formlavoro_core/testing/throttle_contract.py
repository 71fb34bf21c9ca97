"""The login-throttling contract of ``LoginFailureRepository`` (SEC-2, SEC-6).

A mixin for :class:`~formlavoro_core.testing.storage_contract.StorageContract`, or for
a suite of its own, that uses the same ``storage`` fixture (a unit-of-work factory).
A held key reads its record and keeps what is put until commit; cleared and purged keys
are forgotten.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import attrs
import pytest

from formlavoro_core.testing.samples.scene import T0

if TYPE_CHECKING:
    from formlavoro_core.ports import UnitOfWorkFactory

__all__ = ["LoginThrottleContract"]


class LoginThrottleContract:
    """Behaviour every login-failure repository must have, through the ``UnitOfWork`` port."""

    def make_storage(self) -> UnitOfWorkFactory:
        """Return a fresh, empty storage (a unit-of-work factory)."""
        raise NotImplementedError

    @pytest.fixture
    def storage(self) -> UnitOfWorkFactory:
        """A fresh storage for each test."""
        return self.make_storage()

    def test_sec_6_a_held_key_reads_its_record_and_stores_what_is_put(
        self, storage: UnitOfWorkFactory
    ) -> None:
        minute = dt.timedelta(minutes=1)
        with storage() as uow:
            assert uow.login_failures.get("pair:anna") is None
            held = uow.login_failures.hold("pair:anna", at=T0)
            assert (held.key, held.failures, held.last_failure_at) == ("pair:anna", 0, T0)
            uow.login_failures.put(attrs.evolve(held, failures=1, last_failure_at=T0 + minute))
            other = uow.login_failures.hold("source:192.0.2.1", at=T0)
            uow.login_failures.put(attrs.evolve(other, failures=3))
            uow.commit()
        with storage() as uow:
            again = uow.login_failures.hold("pair:anna", at=T0 + 2 * minute)
            # Holding changes nothing: the record is the one put last.
            assert (again.failures, again.last_failure_at) == (1, T0 + minute)
            uow.login_failures.put(attrs.evolve(again, failures=2, last_failure_at=T0 + 2 * minute))
            uow.commit()
        with storage() as uow:
            stored = uow.login_failures.get("pair:anna")
            source = uow.login_failures.get("source:192.0.2.1")
        assert stored is not None
        assert (stored.key, stored.failures, stored.last_failure_at) == (
            "pair:anna",
            2,
            T0 + 2 * minute,
        )
        assert source is not None
        assert (source.failures, source.last_failure_at) == (3, T0)

    def test_sec_6_holding_or_putting_without_commit_leaves_nothing(
        self, storage: UnitOfWorkFactory
    ) -> None:
        with storage() as uow:
            uow.login_failures.hold("pair:anna", at=T0)
        with storage() as uow:
            assert uow.login_failures.get("pair:anna") is None
            held = uow.login_failures.hold("pair:anna", at=T0)
            uow.login_failures.put(attrs.evolve(held, failures=1))
        with storage() as uow:
            assert uow.login_failures.get("pair:anna") is None

    def test_sec_2_cleared_and_purged_keys_are_forgotten(self, storage: UnitOfWorkFactory) -> None:
        hour = dt.timedelta(hours=1)
        with storage() as uow:
            for key, at in (
                ("account:anna", T0),
                ("account:old", T0 - hour),
                ("source:192.0.2.1", T0 + hour),
            ):
                held = uow.login_failures.hold(key, at=at)
                uow.login_failures.put(attrs.evolve(held, failures=1))
            uow.commit()
        with storage() as uow:
            uow.login_failures.clear("account:anna")
            uow.login_failures.clear("account:nobody")
            assert uow.login_failures.get("account:anna") is None
            uow.commit()
        with storage() as uow:
            assert uow.login_failures.get("account:anna") is None
            assert uow.login_failures.purge(before=T0) == 1
            uow.commit()
        with storage() as uow:
            assert uow.login_failures.get("account:old") is None
            assert uow.login_failures.get("source:192.0.2.1") is not None
