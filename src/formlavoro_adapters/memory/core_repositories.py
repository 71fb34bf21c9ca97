"""In-memory repositories of the access and CV contexts, and of the email outbox."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from formlavoro_adapters.memory.deadlines import passed
from formlavoro_adapters.memory.personal_data import Holder
from formlavoro_adapters.memory.tables import Schema
from formlavoro_core.cv.search import cv_matches, cv_sort_key
from formlavoro_core.identity.throttle import LoginFailures, account_key, reset_account_key
from formlavoro_core.matching.bounds import Bounded, CvBound, by_bound
from formlavoro_core.matching.profiles import CvProfile, cv_in_cell
from formlavoro_core.offers.query import paginate_newest_first

if TYPE_CHECKING:
    import datetime as dt

    from formlavoro_core.cv.model import Cv
    from formlavoro_core.cv.search import CvQuery
    from formlavoro_core.deadlines import Deadline
    from formlavoro_core.identity.fiscal_code import FiscalCode
    from formlavoro_core.identity.model import Account
    from formlavoro_core.identity.password_reset import PasswordReset
    from formlavoro_core.ids import AccountId, CvId, OutboxMessageId
    from formlavoro_core.matching.profiles import CvCell
    from formlavoro_core.messaging.outbox import OutboxMessage
    from formlavoro_core.paging import Page, PageRequest
    from formlavoro_core.privacy.subject import DataSubject

__all__ = [
    "SCHEMAS",
    "InMemoryAccounts",
    "InMemoryCvs",
    "InMemoryLoginFailures",
    "InMemoryOutbox",
    "InMemoryPasswordResets",
]

ACCOUNTS = Schema(
    "account",
    lambda a: a.id,
    {
        "fiscal_code": lambda a: str(a.fiscal_code),
        "username": lambda a: a.regional.username if a.regional else None,
    },
)
RESETS = Schema("password_reset", lambda r: r.token_hash, {})
CVS = Schema("cv", lambda c: c.id, {"owner": lambda c: c.owner})
OUTBOX = Schema("outbox_message", lambda m: m.id, {})
LOGIN_FAILURES = Schema("login_failures", lambda f: f.key, {})
SCHEMAS = (ACCOUNTS, RESETS, CVS, OUTBOX, LOGIN_FAILURES)


class InMemoryAccounts(Holder["Account"]):
    def belongs(self, row: Account, subject: DataSubject) -> bool:
        return row.id == subject.account_id

    def get(self, account_id: AccountId) -> Account | None:
        return self._get(account_id)

    def by_fiscal_code(self, fiscal_code: FiscalCode) -> Account | None:
        return self._unique("fiscal_code", str(fiscal_code))

    def by_username(self, username: str) -> Account | None:
        return self._unique("username", username)


class InMemoryPasswordResets(Holder["PasswordReset"]):
    def belongs(self, row: PasswordReset, subject: DataSubject) -> bool:
        return row.account_id == subject.account_id

    def get(self, token_hash: str) -> PasswordReset | None:
        return self._get(token_hash)

    def for_account(self, account_id: AccountId) -> Sequence[PasswordReset]:
        found = [reset for reset in self._all() if reset.account_id == account_id]
        return sorted(found, key=lambda reset: (reset.issued_at, reset.token_hash))


class InMemoryLoginFailures(Holder["LoginFailures"]):
    """Attempt records; :meth:`hold` stages a write, so two holders conflict at commit."""

    def get(self, key: str) -> LoginFailures | None:
        return self._get(key)

    def hold(self, key: str, *, at: dt.datetime) -> LoginFailures:
        current = self._get(key)
        if current is None:
            return self.add(LoginFailures(key=key, failures=0, last_failure_at=at))
        # Rewriting the record as read makes the commit check its version: another
        # unit of work that counted on the key meanwhile turns this one into a conflict.
        return self.update(current)

    def put(self, record: LoginFailures) -> None:
        current = self._get(record.key)
        if current is None:
            self.add(attrs.evolve(record, version=0))
        else:
            self.update(attrs.evolve(record, version=current.version))

    def clear(self, key: str) -> None:
        self._remove(key)

    def belongs(self, row: LoginFailures, subject: DataSubject) -> bool:
        name = subject.username
        return name is not None and row.key in {account_key(name), reset_account_key(name)}

    def purge(self, *, before: dt.datetime) -> int:
        stale = [row.key for row in self._all() if row.last_failure_at < before]
        for key in stale:
            self._remove(key)
        return len(stale)


class InMemoryCvs(Holder["Cv"]):
    def belongs(self, row: Cv, subject: DataSubject) -> bool:
        return row.owner == subject.account_id

    def get(self, cv_id: CvId) -> Cv | None:
        return self._get(cv_id)

    def get_many(self, cv_ids: Sequence[CvId]) -> dict[CvId, Cv]:
        return {cv.id: cv for key in cv_ids if (cv := self._get(key)) is not None}

    def by_owner(self, owner: AccountId) -> Cv | None:
        return self._unique("owner", owner)

    def search_published(self, query: CvQuery, page: PageRequest, *, now: dt.datetime) -> Page[Cv]:
        found = [cv for cv in self._all() if cv_matches(cv, query, now=now)]
        found.sort(key=cv_sort_key, reverse=True)
        return paginate_newest_first(found, page, key=cv_sort_key)

    def match_profiles(self, cell: CvCell, *, now: dt.datetime) -> Sequence[CvProfile]:
        return [CvProfile.of(cv) for cv in self._all() if cv_in_cell(cv, cell, now=now)]

    def ranked_profiles(
        self, cell: CvCell, bound: CvBound, *, now: dt.datetime
    ) -> Sequence[Bounded[CvProfile]]:
        return by_bound(self.match_profiles(cell, now=now), bound)

    def due_for_reminder(self, *, expiring_before: dt.datetime, now: dt.datetime) -> Sequence[Cv]:
        due = [
            cv
            for cv in self._all()
            if cv.publication is not None
            and cv.publication.reminder_sent_at is None
            and now < cv.publication.expires_at < expiring_before
        ]
        return sorted(due, key=lambda cv: (cv.publication.expires_at, cv.id))  # type: ignore[union-attr]

    def expiring(self, *, after: Deadline, before: dt.datetime, limit: int) -> Sequence[Cv]:
        return passed(
            self._all(),
            lambda cv: cv.publication.expires_at if cv.publication else None,
            lambda cv: cv.id,
            after=after,
            before=before,
            limit=limit,
        )


class InMemoryOutbox(Holder["OutboxMessage"]):
    def belongs(self, row: OutboxMessage, subject: DataSubject) -> bool:
        return row.email.to in subject.emails

    def get(self, message_id: OutboxMessageId) -> OutboxMessage | None:
        return self._get(message_id)

    def pending(self, *, limit: int, now: dt.datetime) -> Sequence[OutboxMessage]:
        waiting = [message for message in self._all() if message.is_available(now)]
        return sorted(waiting, key=lambda message: (message.due_at, message.id))[:limit]

    def dead(self, *, limit: int) -> Sequence[OutboxMessage]:
        dead = [message for message in self._all() if message.dead_at is not None]
        dead.sort(key=lambda message: message.id)
        dead.sort(key=lambda message: message.dead_at, reverse=True)  # type: ignore[arg-type,return-value]
        return dead[:limit]
