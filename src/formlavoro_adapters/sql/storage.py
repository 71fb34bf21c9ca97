"""SQL storage: the unit-of-work factory over SQLite or PostgreSQL."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy.engine import Engine

from formlavoro_adapters.sql.audit_repositories import SqlAuditLog
from formlavoro_adapters.sql.base import SqlSession
from formlavoro_adapters.sql.core_repositories import (
    SqlAccounts,
    SqlCvs,
    SqlLoginFailures,
    SqlOutbox,
    SqlPasswordResets,
)
from formlavoro_adapters.sql.deadlines import SqlDeadlineMarks
from formlavoro_adapters.sql.marketplace_repositories import (
    SqlAlertLedgers,
    SqlApplications,
    SqlCompanies,
    SqlCourses,
    SqlEmploymentCentres,
    SqlEvents,
    SqlMemberships,
    SqlMessages,
    SqlOffers,
    SqlSavedSearches,
    SqlTrainingEntities,
    SqlUnlockRequests,
)

__all__ = ["SqlStorage", "SqlUnitOfWork"]


class SqlUnitOfWork:
    """One transaction over every repository (see ``formlavoro_core.ports.UnitOfWork``)."""

    def __init__(self, engine: Engine, *, exclusive: bool = False) -> None:
        self.session = SqlSession(engine, exclusive=exclusive)
        session = self.session
        self.accounts = SqlAccounts(session)
        self.password_resets = SqlPasswordResets(session)
        self.login_failures = SqlLoginFailures(session)
        self.cvs = SqlCvs(session)
        self.outbox = SqlOutbox(session)
        self.companies = SqlCompanies(session)
        self.employment_centres = SqlEmploymentCentres(session)
        self.training_entities = SqlTrainingEntities(session)
        self.offers = SqlOffers(session)
        self.saved_searches = SqlSavedSearches(session)
        self.alert_ledgers = SqlAlertLedgers(session)
        self.applications = SqlApplications(session)
        self.courses = SqlCourses(session)
        self.events = SqlEvents(session)
        self.memberships = SqlMemberships(session)
        self.messages = SqlMessages(session)
        self.unlock_requests = SqlUnlockRequests(session)
        self.deadline_marks = SqlDeadlineMarks(session)
        self.audit = SqlAuditLog(session)

    def __enter__(self) -> Self:
        self.session.enter()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.session.close()

    def commit(self) -> None:
        """Commit everything written in this unit of work."""
        self.session.commit()

    def rollback(self) -> None:
        """Discard everything written since the last commit."""
        self.session.rollback()


class SqlStorage:
    """A SQL database as the portal's storage; call it for a unit of work.

    Build one with :func:`formlavoro_adapters.sql.sqlite_storage` or
    :func:`formlavoro_adapters.sql.postgres_storage`.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def __call__(self, *, exclusive: bool = False) -> SqlUnitOfWork:
        """Return a new unit of work; ``exclusive`` takes SQLite's write lock up front."""
        return SqlUnitOfWork(self.engine, exclusive=exclusive)

    def dispose(self) -> None:
        """Close the pooled connections."""
        self.engine.dispose()
