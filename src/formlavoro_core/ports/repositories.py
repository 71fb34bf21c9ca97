"""Repository ports of accounts, login failures, password resets, CVs and the outbox.

The repositories of the other contexts live in each context's ``repository`` module;
:mod:`formlavoro_core.ports` re-exports them all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import datetime as dt

    from formlavoro_core.cv.model import Cv, CvId
    from formlavoro_core.cv.search import CvQuery
    from formlavoro_core.deadlines import Deadline
    from formlavoro_core.identity.fiscal_code import FiscalCode
    from formlavoro_core.identity.model import Account, AccountId
    from formlavoro_core.identity.password_reset import PasswordReset
    from formlavoro_core.identity.throttle import LoginFailures
    from formlavoro_core.ids import OutboxMessageId
    from formlavoro_core.matching.bounds import Bounded, CvBound
    from formlavoro_core.matching.profiles import CvCell, CvProfile
    from formlavoro_core.messaging.outbox import OutboxMessage
    from formlavoro_core.paging import Page, PageRequest


__all__ = [
    "AccountRepository",
    "CvRepository",
    "LoginFailureRepository",
    "OutboxRepository",
    "PasswordResetRepository",
]


class AccountRepository(Protocol):
    """Citizen accounts, keyed by id, unique by fiscal code and by regional username."""

    def get(self, account_id: AccountId, /) -> Account | None:
        """Return the account with this id, or ``None``."""
        ...

    def by_fiscal_code(self, fiscal_code: FiscalCode, /) -> Account | None:
        """Return the account of this fiscal code, or ``None``."""
        ...

    def by_username(self, username: str, /) -> Account | None:
        """Return the account whose regional username is ``username`` (lower case), or ``None``."""
        ...

    def add(self, account: Account, /) -> Account:
        """Insert a new account (``version == 0``); return it stored with version 1.

        Raises ``DuplicateKeyError`` when the id, fiscal code or username is taken.
        """
        ...

    def update(self, account: Account, /) -> Account:
        """Store a changed account whose ``version`` is the stored one; return it bumped.

        Raises ``ConcurrencyConflictError`` when the stored version differs (stale write),
        ``DuplicateKeyError`` when the new username is taken.
        """
        ...


class LoginFailureRepository(Protocol):
    """Recent attempts per throttling key (SEC-2, SEC-6): ``pair:…``, ``source:…``, ``account:…``.

    The core reserves an attempt by holding its records, checking its limits and
    storing them counted, all in one unit of work: :meth:`hold` is what makes that
    atomic, so that attempts made at once cannot all pass one limit.
    """

    def get(self, key: str, /) -> LoginFailures | None:
        """Return the record under ``key``, or ``None``."""
        ...

    def hold(self, key: str, /, *, at: dt.datetime) -> LoginFailures:
        """Return the record under ``key``, held against other writers until the work ends.

        A key without a record gets one with no failures, last touched ``at`` (it is
        gone again if the unit of work rolls back). While this unit of work holds the
        key, another that holds it waits for it to end, or is refused with
        ``ConcurrencyConflictError`` at once or at its commit (and runs again): never
        do two units of work count from the same reading.
        """
        ...

    def put(self, record: LoginFailures, /) -> None:
        """Store ``record`` under its key (held before in this unit of work)."""
        ...

    def clear(self, key: str, /) -> None:
        """Forget the record under ``key`` (nothing when there is none)."""
        ...

    def purge(self, *, before: dt.datetime) -> int:
        """Forget every key whose last attempt is before ``before``; return how many."""
        ...


class PasswordResetRepository(Protocol):
    """Pending password resets (ID-4), keyed by the SHA-256 of their token."""

    def get(self, token_hash: str, /) -> PasswordReset | None:
        """Return the reset whose token hashes to ``token_hash``, or ``None``."""
        ...

    def for_account(self, account_id: AccountId, /) -> Sequence[PasswordReset]:
        """Return every reset of the account, oldest first."""
        ...

    def add(self, reset: PasswordReset, /) -> PasswordReset:
        """Insert a new reset; ``DuplicateKeyError`` if the hash exists."""
        ...

    def update(self, reset: PasswordReset, /) -> PasswordReset:
        """Store a changed reset (version check as for accounts)."""
        ...


class CvRepository(Protocol):
    """CVs: one per citizen."""

    def get(self, cv_id: CvId, /) -> Cv | None:
        """Return the CV with this id, or ``None``."""
        ...

    def get_many(self, cv_ids: Sequence[CvId], /) -> Mapping[CvId, Cv]:
        """Return the stored CVs among ``cv_ids``, by id (those not stored are left out).

        One read for all of them, where the storage can: a ranking's final page.
        """
        ...

    def by_owner(self, owner: AccountId, /) -> Cv | None:
        """Return the citizen's CV, or ``None``."""
        ...

    def add(self, cv: Cv, /) -> Cv:
        """Insert a new CV (version 0 -> 1); ``DuplicateKeyError`` if the owner has one."""
        ...

    def update(self, cv: Cv, /) -> Cv:
        """Store a changed CV (version check; returns it with the version bumped)."""
        ...

    def search_published(self, query: CvQuery, page: PageRequest, *, now: dt.datetime) -> Page[Cv]:
        """Return the CVs published at ``now`` that match ``query``, newest publication first.

        The semantics are ``formlavoro_core.cv.search.cv_matches`` and ``cv_sort_key``.
        """
        ...

    def match_profiles(self, cell: CvCell, /, *, now: dt.datetime) -> Sequence[CvProfile]:
        """Return the profiles of the CVs published at ``now`` in ``cell`` (MA-1).

        At least every published CV at or under the cell's profession (by its desired
        professions or its experiences', as ``CvQuery.profession``) living in one of its
        provinces; a few more do no harm. In no particular order.
        """
        ...

    def ranked_profiles(
        self, cell: CvCell, bound: CvBound, /, *, now: dt.datetime
    ) -> Iterable[Bounded[CvProfile]]:
        """The CVs published at ``now`` in ``cell``, each with its bound, highest first (MA-1).

        Every published CV of the cell, with ``cv_bound`` of its facts and ``bound``
        (:mod:`formlavoro_core.matching.bounds`), highest bound first; a few more
        do no harm. Read lazily: ranking stops early.
        """
        ...

    def due_for_reminder(self, *, expiring_before: dt.datetime, now: dt.datetime) -> Sequence[Cv]:
        """Return published CVs expiring in ``(now, expiring_before)`` not yet reminded.

        The order is by expiry, then id.
        """
        ...

    def expiring(self, *, after: Deadline, before: dt.datetime, limit: int) -> Sequence[Cv]:
        """Return the published CVs whose expiry lies after ``after`` and before ``before``.

        ``after`` orders by expiry, then id, as the result does; at most ``limit`` (CV-11).
        """
        ...


class OutboxRepository(Protocol):
    """Emails written in the same transaction as the change that causes them."""

    def add(self, message: OutboxMessage, /) -> OutboxMessage:
        """Insert a new outbox message."""
        ...

    def get(self, message_id: OutboxMessageId, /) -> OutboxMessage | None:
        """Return the message, or ``None``."""
        ...

    def pending(self, *, limit: int, now: dt.datetime) -> Sequence[OutboxMessage]:
        """Return up to ``limit`` messages available at ``now``, the longest due first.

        Available is ``OutboxMessage.is_available``: neither sent nor dead, and due
        (``due_at``, then id, is the order). The rows returned are held against other
        dispatchers until the unit of work ends, and rows that another unit of work holds
        are skipped (PostgreSQL's ``FOR UPDATE SKIP LOCKED``); a storage that lets one
        writer at a time claim needs no more.
        """
        ...

    def dead(self, *, limit: int) -> Sequence[OutboxMessage]:
        """Return up to ``limit`` dead letters, the most recent first (then by id)."""
        ...

    def update(self, message: OutboxMessage, /) -> OutboxMessage:
        """Store a changed message (version check)."""
        ...
