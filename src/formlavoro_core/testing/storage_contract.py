"""The storage contract: one pytest suite every storage adapter must pass.

Subclass :class:`StorageContract` in a test module and implement ``make_storage``::

    class TestInMemoryStorage(StorageContract):
        def make_storage(self) -> UnitOfWorkFactory:
            return InMemoryStorage()

The suite checks behaviour only through the ``UnitOfWork`` port. The sample accounts
and CVs it stores live in :mod:`formlavoro_core.testing.samples`; ``sample_account``
and ``sample_cv`` are re-exported here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

import attrs
import pytest

from formlavoro_core.errors import ConcurrencyConflictError, DuplicateKeyError
from formlavoro_core.identity.model import Account
from formlavoro_core.identity.password_reset import PasswordReset
from formlavoro_core.ids import AccountId, CvId, OutboxMessageId
from formlavoro_core.messaging.outbox import EmailKind, OutboxMessage, OutgoingEmail
from formlavoro_core.testing.audit_contract import AuditLogContract
from formlavoro_core.testing.course_contract import CourseStorageContract
from formlavoro_core.testing.delivery_contract import DeliveryStorageContract
from formlavoro_core.testing.ids import long_id
from formlavoro_core.testing.marketplace_contract import MarketplaceStorageContract
from formlavoro_core.testing.publication_contract import PublicationNumberContract
from formlavoro_core.testing.samples.accounts import sample_account
from formlavoro_core.testing.samples.cvs import sample_cv
from formlavoro_core.testing.samples.scene import T0
from formlavoro_core.testing.throttle_contract import LoginThrottleContract

if TYPE_CHECKING:
    from formlavoro_core.ports import UnitOfWork, UnitOfWorkFactory


__all__ = ["StorageContract", "sample_account", "sample_cv"]


def _message(number: int, created_at: dt.datetime) -> OutboxMessage:
    return OutboxMessage(
        id=OutboxMessageId(long_id(f"m-{number}")),
        email=OutgoingEmail(
            to="a@example.it", subject="s", body="b", kind=EmailKind.PASSWORD_RESET
        ),
        created_at=created_at,
    )


def _write(storage: UnitOfWorkFactory, change: Callable[[UnitOfWork], object]) -> None:
    with storage() as uow:
        change(uow)
        uow.commit()


def _add_and_commit(uow: UnitOfWork, account: Account) -> None:
    uow.accounts.add(account)
    uow.commit()


def _update_and_commit(uow: UnitOfWork, account: Account) -> None:
    uow.accounts.update(account)
    uow.commit()


def _fail_inside(storage: UnitOfWorkFactory) -> None:
    with storage() as uow:
        uow.accounts.add(sample_account(0))
        raise RuntimeError


class StorageContract(
    CourseStorageContract,
    MarketplaceStorageContract,
    PublicationNumberContract,
    DeliveryStorageContract,
    AuditLogContract,
    LoginThrottleContract,
):
    """Behaviour every ``UnitOfWork`` implementation must have."""

    def make_storage(self) -> UnitOfWorkFactory:
        """Return a fresh, empty storage (a unit-of-work factory)."""
        raise NotImplementedError

    @pytest.fixture
    def storage(self) -> UnitOfWorkFactory:
        """A fresh storage for each test."""
        return self.make_storage()

    # -- transactions ------------------------------------------------------------------

    def test_committed_aggregates_round_trip_with_every_field(
        self, storage: UnitOfWorkFactory
    ) -> None:
        account = sample_account(0, username="anna.rossi")
        cv = sample_cv(account.id, expires_at=T0 + dt.timedelta(days=90))
        with storage() as uow:
            stored_account = uow.accounts.add(account)
            stored_cv = uow.cvs.add(cv)
            uow.commit()
        assert stored_account == attrs.evolve(account, version=1)
        assert stored_cv == attrs.evolve(cv, version=1)
        with storage() as uow:
            assert uow.accounts.get(account.id) == stored_account
            assert uow.cvs.get(cv.id) == stored_cv

    def test_writes_are_discarded_without_commit(self, storage: UnitOfWorkFactory) -> None:
        with storage() as uow:
            uow.accounts.add(sample_account(0))
        with storage() as uow:
            assert uow.accounts.get(AccountId(long_id("account-0"))) is None

    def test_rollback_discards_and_the_unit_can_go_on(self, storage: UnitOfWorkFactory) -> None:
        with storage() as uow:
            uow.accounts.add(sample_account(0))
            uow.rollback()
            assert uow.accounts.get(AccountId(long_id("account-0"))) is None
            uow.accounts.add(sample_account(1))
            uow.commit()
        with storage() as uow:
            assert uow.accounts.get(AccountId(long_id("account-0"))) is None
            assert uow.accounts.get(AccountId(long_id("account-1"))) is not None

    def test_reads_see_the_transactions_own_writes(self, storage: UnitOfWorkFactory) -> None:
        account = sample_account(0, username="anna")
        with storage() as uow:
            uow.accounts.add(account)
            assert uow.accounts.by_username("anna") is not None
            assert uow.accounts.by_fiscal_code(account.fiscal_code) is not None

    def test_an_exception_inside_the_block_rolls_back(self, storage: UnitOfWorkFactory) -> None:
        with pytest.raises(RuntimeError):
            _fail_inside(storage)
        with storage() as uow:
            assert uow.accounts.get(AccountId(long_id("account-0"))) is None

    # -- versions and unique keys ---------------------------------------------------------

    def test_every_update_bumps_the_version(self, storage: UnitOfWorkFactory) -> None:
        with storage() as uow:
            account = uow.accounts.add(sample_account(0))
            account = uow.accounts.update(attrs.evolve(account, given_name="Annalisa"))
            uow.commit()
        assert account.version == 2
        with storage() as uow:
            stored = uow.accounts.get(account.id)
            assert stored is not None
            assert stored.given_name == "Annalisa"
            assert uow.accounts.update(attrs.evolve(stored, email=None)).version == 3

    def test_a_stale_write_is_a_conflict_never_a_lost_update(
        self, storage: UnitOfWorkFactory
    ) -> None:
        with storage() as uow:
            uow.accounts.add(sample_account(0))
            uow.commit()
        first, second = storage(), storage()
        with first, second:
            mine = first.accounts.get(AccountId(long_id("account-0")))
            theirs = second.accounts.get(AccountId(long_id("account-0")))
            assert mine is not None
            assert theirs is not None
            second.accounts.update(attrs.evolve(theirs, given_name="Theirs"))
            second.commit()
            with pytest.raises(ConcurrencyConflictError):
                _update_and_commit(first, attrs.evolve(mine, given_name="Mine"))
        with storage() as uow:
            stored = uow.accounts.get(AccountId(long_id("account-0")))
            assert stored is not None
            assert stored.given_name == "Theirs"

    def test_an_update_with_a_made_up_version_is_a_conflict(
        self, storage: UnitOfWorkFactory
    ) -> None:
        with storage() as uow:
            account = uow.accounts.add(sample_account(0))
            with pytest.raises(ConcurrencyConflictError):
                uow.accounts.update(attrs.evolve(account, version=7))

    def test_one_account_per_fiscal_code(self, storage: UnitOfWorkFactory) -> None:
        with storage() as uow:
            uow.accounts.add(sample_account(0))
            uow.commit()
        clone = attrs.evolve(sample_account(0), id=AccountId(long_id("another")))
        with pytest.raises(DuplicateKeyError) as raised:
            _write(storage, lambda uow: uow.accounts.add(clone))
        # SEC-5: the error names the key, never the fiscal code or a name it clashed on.
        told = f"{raised.value} {raised.value.args} {raised.value.key}"
        for personal in (str(clone.fiscal_code), clone.given_name, clone.family_name):
            assert personal not in told

    def test_usernames_are_unique_and_follow_changes(self, storage: UnitOfWorkFactory) -> None:
        with storage() as uow:
            uow.accounts.add(sample_account(0, username="anna"))
            uow.commit()
        with pytest.raises(DuplicateKeyError):
            _write(storage, lambda uow: uow.accounts.add(sample_account(1, username="anna")))
        with storage() as uow:
            account = uow.accounts.by_username("anna")
            assert account is not None
            assert account.regional is not None
            renamed = attrs.evolve(
                account, regional=attrs.evolve(account.regional, username="anna2")
            )
            uow.accounts.update(renamed)
            uow.commit()
        with storage() as uow:
            assert uow.accounts.by_username("anna") is None
            assert uow.accounts.by_username("anna2") is not None
            uow.accounts.add(sample_account(1, username="anna"))
            uow.commit()

    def test_concurrent_inserts_of_one_key_leave_one_winner(
        self, storage: UnitOfWorkFactory
    ) -> None:
        late = storage()
        with late:
            assert late.accounts.by_fiscal_code(sample_account(0).fiscal_code) is None
            _write(storage, lambda uow: uow.accounts.add(sample_account(0)))
            clone = attrs.evolve(sample_account(0), id=AccountId(long_id("other")))
            with pytest.raises(ConcurrencyConflictError):
                _add_and_commit(late, clone)
        with storage() as uow:
            winner = uow.accounts.by_fiscal_code(sample_account(0).fiscal_code)
            assert winner is not None
            assert winner.id == long_id("account-0")

    def test_one_cv_per_citizen(self, storage: UnitOfWorkFactory) -> None:
        owner = AccountId(long_id("account-0"))
        with storage() as uow:
            uow.cvs.add(sample_cv(owner))
            uow.commit()
        with pytest.raises(DuplicateKeyError):
            _write(storage, lambda uow: uow.cvs.add(sample_cv(owner, cv_id=long_id("cv-2"))))
        with storage() as uow:
            cv = uow.cvs.by_owner(owner)
            assert cv is not None
            assert cv.id == long_id("cv-1")

    def test_cvs_are_read_many_at_once_by_id(self, storage: UnitOfWorkFactory) -> None:
        cvs = [
            sample_cv(AccountId(long_id(f"account-{n}")), cv_id=long_id(f"cv-{n}"))
            for n in range(140)
        ]
        with storage() as uow:
            for cv in cvs:
                uow.cvs.add(cv)
            uow.commit()
        asked = [cvs[n].id for n in (139, 3, 3, 0)] + [CvId(long_id("cv-none"))]
        with storage() as uow:
            assert uow.cvs.get_many([]) == {}
            found = uow.cvs.get_many(asked)
            one_by_one = {key: uow.cvs.get(key) for key in asked}
            everyone = uow.cvs.get_many([cv.id for cv in reversed(cvs)])
        assert set(found) == {cvs[139].id, cvs[3].id, cvs[0].id}
        assert found == {key: cv for key, cv in one_by_one.items() if cv is not None}
        assert sorted(everyone) == sorted(cv.id for cv in cvs)
        assert everyone[cvs[70].id].version == 1

    # -- queries ----------------------------------------------------------------------

    def test_password_resets_by_hash_and_by_account_oldest_first(
        self, storage: UnitOfWorkFactory
    ) -> None:
        owner = AccountId(long_id("account-0"))
        resets = [
            PasswordReset(
                token_hash=f"{n:064x}",
                account_id=owner,
                issued_at=T0 + dt.timedelta(minutes=10 - n),
                expires_at=T0 + dt.timedelta(minutes=40 - n),
            )
            for n in range(3)
        ]
        with storage() as uow:
            for reset in resets:
                uow.password_resets.add(reset)
            uow.commit()
        with storage() as uow:
            listed = uow.password_resets.for_account(owner)
            assert [r.token_hash for r in listed] == [r.token_hash for r in reversed(resets)]
            assert uow.password_resets.for_account(AccountId(long_id("nobody"))) == []
            used = uow.password_resets.update(listed[0].used(T0))
            uow.commit()
        with storage() as uow:
            assert uow.password_resets.get(used.token_hash) == used

    def test_id_4_a_reset_request_that_matched_no_account_is_stored_without_one(
        self, storage: UnitOfWorkFactory
    ) -> None:
        nobody = PasswordReset(
            token_hash="f" * 64,
            account_id=None,
            issued_at=T0,
            expires_at=T0 + dt.timedelta(minutes=30),
        )
        with storage() as uow:
            uow.password_resets.add(nobody)
            uow.commit()
        with storage() as uow:
            stored = uow.password_resets.get(nobody.token_hash)
            assert stored == attrs.evolve(nobody, version=1)
            assert uow.password_resets.for_account(AccountId("account-0")) == []

    def test_cvs_due_for_a_reminder(self, storage: UnitOfWorkFactory) -> None:
        now = T0 + dt.timedelta(days=86)
        with storage() as uow:
            uow.cvs.add(
                sample_cv(
                    AccountId(long_id("o1")),
                    cv_id=long_id("soon"),
                    expires_at=now + dt.timedelta(days=4),
                )
            )
            uow.cvs.add(
                sample_cv(
                    AccountId(long_id("o2")),
                    cv_id=long_id("later"),
                    expires_at=now + dt.timedelta(days=9),
                )
            )
            uow.cvs.add(
                sample_cv(
                    AccountId(long_id("o3")),
                    cv_id=long_id("gone"),
                    expires_at=now - dt.timedelta(days=1),
                )
            )
            uow.cvs.add(sample_cv(AccountId(long_id("o4")), cv_id=long_id("draft")))
            reminded = sample_cv(
                AccountId(long_id("o5")),
                cv_id=long_id("done"),
                expires_at=now + dt.timedelta(days=2),
            )
            assert reminded.publication is not None
            uow.cvs.add(
                attrs.evolve(
                    reminded, publication=attrs.evolve(reminded.publication, reminder_sent_at=now)
                )
            )
            uow.cvs.add(
                sample_cv(
                    AccountId(long_id("o6")),
                    cv_id=long_id("first"),
                    expires_at=now + dt.timedelta(days=1),
                )
            )
            uow.commit()
        with storage() as uow:
            due = uow.cvs.due_for_reminder(expiring_before=now + dt.timedelta(days=5), now=now)
            assert [cv.id for cv in due] == [long_id("first"), long_id("soon")]

    def test_outbox_pending_oldest_first_up_to_the_limit(self, storage: UnitOfWorkFactory) -> None:
        with storage() as uow:
            for n in range(4):
                uow.outbox.add(_message(n, T0 - dt.timedelta(seconds=n)))
            uow.commit()
        with storage() as uow:
            pending = uow.outbox.pending(limit=3, now=T0)
            assert [m.id for m in pending] == [long_id("m-3"), long_id("m-2"), long_id("m-1")]
            uow.outbox.update(pending[0].delivered(T0))
            uow.commit()
        with storage() as uow:
            assert [m.id for m in uow.outbox.pending(limit=10, now=T0)] == [
                long_id("m-2"),
                long_id("m-1"),
                long_id("m-0"),
            ]

    def test_claimed_messages_are_not_pending_until_the_claim_ends(
        self, storage: UnitOfWorkFactory
    ) -> None:
        with storage() as uow:
            message = uow.outbox.add(_message(0, T0))
            uow.outbox.update(message.claimed(T0 + dt.timedelta(minutes=5)))
            uow.commit()
        with storage() as uow:
            assert uow.outbox.pending(limit=10, now=T0 + dt.timedelta(minutes=4)) == []
            later = uow.outbox.pending(limit=10, now=T0 + dt.timedelta(minutes=5))
            assert [m.id for m in later] == [long_id("m-0")]
