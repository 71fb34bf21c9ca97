"""In-memory storage: a unit of work with optimistic concurrency over plain dicts.

It is the reference that the SQL adapters are tested against: every storage adapter
passes the same contract suite (``formlavoro_core.testing.storage_contract``). Searches
of the committed offers are answered from an index kept until a commit writes offers
(:mod:`formlavoro_adapters.memory.offer_index`); a unit of work that wrote offers
searches what it sees by the core's own definition instead.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any, Self

from formlavoro_adapters.memory import (
    audit,
    core_repositories,
    courses,
    deadlines,
    marketplace,
)
from formlavoro_adapters.memory.audit import AUDIT_LOG, InMemoryAuditLog
from formlavoro_adapters.memory.core_repositories import (
    ACCOUNTS,
    CVS,
    LOGIN_FAILURES,
    OUTBOX,
    RESETS,
    InMemoryAccounts,
    InMemoryCvs,
    InMemoryLoginFailures,
    InMemoryOutbox,
    InMemoryPasswordResets,
)
from formlavoro_adapters.memory.courses import COURSES, InMemoryCourses
from formlavoro_adapters.memory.deadlines import DEADLINE_MARKS, InMemoryDeadlineMarks
from formlavoro_adapters.memory.marketplace import (
    ALERT_LEDGERS,
    APPLICATIONS,
    COMPANIES,
    EMPLOYMENT_CENTRES,
    EVENTS,
    MEMBERSHIPS,
    MESSAGES,
    OFFERS,
    SAVED_SEARCHES,
    TRAINING_ENTITIES,
    UNLOCK_REQUESTS,
    InMemoryAlertLedgers,
    InMemoryApplications,
    InMemoryCompanies,
    InMemoryEmploymentCentres,
    InMemoryEvents,
    InMemoryMemberships,
    InMemoryMessages,
    InMemoryOffers,
    InMemorySavedSearches,
    InMemoryTrainingEntities,
    InMemoryUnlockRequests,
)
from formlavoro_adapters.memory.tables import Store
from formlavoro_core.applications.repository import ApplyingReads
from formlavoro_core.errors import FormlavoroError
from formlavoro_core.ids import AccountId, OfferId

__all__ = ["InMemoryStorage", "InMemoryUnitOfWork"]

_SCHEMAS = (
    *core_repositories.SCHEMAS,
    *marketplace.SCHEMAS,
    *courses.SCHEMAS,
    *deadlines.SCHEMAS,
    *audit.SCHEMAS,
)


class InMemoryStorage:
    """The committed state of an in-memory portal; call it to get a unit of work.

    >>> storage = InMemoryStorage()
    >>> with storage() as uow:
    ...     uow.accounts.by_username("nobody") is None
    True
    """

    def __init__(self) -> None:
        self.store = Store(_SCHEMAS)

    def __call__(self, *, exclusive: bool = False) -> InMemoryUnitOfWork:  # noqa: ARG002
        """Return a new unit of work over this storage (it never waits for others)."""
        return InMemoryUnitOfWork(self.store)

    def dump(self) -> dict[str, dict[str, Any]]:
        """A copy of everything committed, table by table (to compare before and after)."""
        return self.store.dump()


class InMemoryUnitOfWork:
    """One transaction over the in-memory storage (see ``formlavoro_core.ports.UnitOfWork``)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.staged: dict[str, dict[str, tuple[int, Any]]] = {}
        self._active = False
        self.accounts = InMemoryAccounts(self, ACCOUNTS)
        self.password_resets = InMemoryPasswordResets(self, RESETS)
        self.login_failures = InMemoryLoginFailures(self, LOGIN_FAILURES)
        self.cvs = InMemoryCvs(self, CVS)
        self.outbox = InMemoryOutbox(self, OUTBOX)
        self.companies = InMemoryCompanies(self, COMPANIES)
        self.employment_centres = InMemoryEmploymentCentres(self, EMPLOYMENT_CENTRES)
        self.training_entities = InMemoryTrainingEntities(self, TRAINING_ENTITIES)
        self.offers = InMemoryOffers(self, OFFERS)
        self.saved_searches = InMemorySavedSearches(self, SAVED_SEARCHES)
        self.alert_ledgers = InMemoryAlertLedgers(self, ALERT_LEDGERS)
        self.applications = InMemoryApplications(self, APPLICATIONS)
        self.events = InMemoryEvents(self, EVENTS)
        self.memberships = InMemoryMemberships(self, MEMBERSHIPS)
        self.messages = InMemoryMessages(self, MESSAGES)
        self.unlock_requests = InMemoryUnlockRequests(self, UNLOCK_REQUESTS)
        self.courses = InMemoryCourses(self, COURSES)
        self.deadline_marks = InMemoryDeadlineMarks(self, DEADLINE_MARKS)
        self.audit = InMemoryAuditLog(self, AUDIT_LOG)

    def require_active(self) -> None:
        """Refuse to work outside the ``with`` block (a bug in the caller)."""
        if not self._active:
            raise FormlavoroError("use the unit of work inside a 'with' block")

    def __enter__(self) -> Self:
        if self._active:
            raise FormlavoroError("this unit of work is already in use")
        self._active = True
        self.staged = {}
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.rollback()
        self._active = False

    def applying(self, offer: OfferId, citizen: AccountId) -> ApplyingReads:
        """What an application reads: the four lookups of the port, one after the other."""
        return ApplyingReads(
            offer=self.offers.get(offer),
            previous=self.applications.find(offer, citizen),
            cv=self.cvs.by_owner(citizen),
            account=self.accounts.get(citizen),
        )

    def commit(self) -> None:
        """Apply the staged writes atomically, or raise a conflict and apply none."""
        self.require_active()
        staged, self.staged = self.staged, {}
        self.store.apply(staged)

    def rollback(self) -> None:
        """Discard the staged writes."""
        self.staged = {}
