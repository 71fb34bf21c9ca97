"""SQL storage: the unit-of-work factory over SQLite or PostgreSQL."""

from __future__ import annotations

import functools
from types import TracebackType
from typing import Self

from sqlalchemy.engine import Engine

from formlavoro_adapters.sql.applying import applying_reads
from formlavoro_adapters.sql.audit_repositories import SqlAuditLog
from formlavoro_adapters.sql.commit_groups import CommitGroups
from formlavoro_adapters.sql.core_repositories import (
    SqlAccounts,
    SqlCvs,
    SqlLoginFailures,
    SqlOutbox,
    SqlPasswordResets,
)
from formlavoro_adapters.sql.deadlines import SqlDeadlineMarks
from formlavoro_adapters.sql.documents import DEFAULT_CACHE_SIZE, DecodedCache
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
from formlavoro_adapters.sql.reuse import IdleConnections
from formlavoro_adapters.sql.session import SqlSession
from formlavoro_adapters.sql.writers import WriterTurns, lock_file_of
from formlavoro_core.applications.repository import ApplyingReads
from formlavoro_core.ids import AccountId, OfferId

__all__ = ["SqlStorage", "SqlUnitOfWork"]


class SqlUnitOfWork:
    """One transaction over every repository (see ``formlavoro_core.ports.UnitOfWork``)."""

    def __init__(
        self,
        engine: Engine,
        *,
        exclusive: bool = False,
        cache: DecodedCache | None = None,
        idle: IdleConnections | None = None,
        writers: WriterTurns | None = None,
        groups: CommitGroups | None = None,
    ) -> None:
        self.session = SqlSession(
            engine, exclusive=exclusive, cache=cache, idle=idle, writers=writers, groups=groups
        )

    @functools.cached_property
    def accounts(self) -> SqlAccounts:
        """The repository of this unit of work (made on first use)."""
        return SqlAccounts(self.session)

    @functools.cached_property
    def password_resets(self) -> SqlPasswordResets:
        """The repository of this unit of work (made on first use)."""
        return SqlPasswordResets(self.session)

    @functools.cached_property
    def login_failures(self) -> SqlLoginFailures:
        """The repository of this unit of work (made on first use)."""
        return SqlLoginFailures(self.session)

    @functools.cached_property
    def cvs(self) -> SqlCvs:
        """The repository of this unit of work (made on first use)."""
        return SqlCvs(self.session)

    @functools.cached_property
    def outbox(self) -> SqlOutbox:
        """The repository of this unit of work (made on first use)."""
        return SqlOutbox(self.session)

    @functools.cached_property
    def companies(self) -> SqlCompanies:
        """The repository of this unit of work (made on first use)."""
        return SqlCompanies(self.session)

    @functools.cached_property
    def employment_centres(self) -> SqlEmploymentCentres:
        """The repository of this unit of work (made on first use)."""
        return SqlEmploymentCentres(self.session)

    @functools.cached_property
    def training_entities(self) -> SqlTrainingEntities:
        """The repository of this unit of work (made on first use)."""
        return SqlTrainingEntities(self.session)

    @functools.cached_property
    def offers(self) -> SqlOffers:
        """The repository of this unit of work (made on first use)."""
        return SqlOffers(self.session)

    @functools.cached_property
    def saved_searches(self) -> SqlSavedSearches:
        """The repository of this unit of work (made on first use)."""
        return SqlSavedSearches(self.session)

    @functools.cached_property
    def alert_ledgers(self) -> SqlAlertLedgers:
        """The repository of this unit of work (made on first use)."""
        return SqlAlertLedgers(self.session)

    @functools.cached_property
    def applications(self) -> SqlApplications:
        """The repository of this unit of work (made on first use)."""
        return SqlApplications(self.session)

    @functools.cached_property
    def courses(self) -> SqlCourses:
        """The repository of this unit of work (made on first use)."""
        return SqlCourses(self.session)

    @functools.cached_property
    def events(self) -> SqlEvents:
        """The repository of this unit of work (made on first use)."""
        return SqlEvents(self.session)

    @functools.cached_property
    def memberships(self) -> SqlMemberships:
        """The repository of this unit of work (made on first use)."""
        return SqlMemberships(self.session)

    @functools.cached_property
    def messages(self) -> SqlMessages:
        """The repository of this unit of work (made on first use)."""
        return SqlMessages(self.session)

    @functools.cached_property
    def unlock_requests(self) -> SqlUnlockRequests:
        """The repository of this unit of work (made on first use)."""
        return SqlUnlockRequests(self.session)

    @functools.cached_property
    def deadline_marks(self) -> SqlDeadlineMarks:
        """The repository of this unit of work (made on first use)."""
        return SqlDeadlineMarks(self.session)

    @functools.cached_property
    def audit(self) -> SqlAuditLog:
        """The repository of this unit of work (made on first use)."""
        return SqlAuditLog(self.session)

    def applying(self, offer: OfferId, citizen: AccountId) -> ApplyingReads:
        """What an application reads, in one statement (see :mod:`.applying`)."""
        return applying_reads(self.session, offer, citizen)

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

    def __init__(self, engine: Engine, *, cache_size: int = DEFAULT_CACHE_SIZE) -> None:
        self.engine = engine
        self.cache = DecodedCache(cache_size)
        """Decoded aggregates, shared by the units of work (``cache_size`` of them)."""
        # SQLite: connections that only read are lent again without a pool checkout.
        # PostgreSQL keeps the pool's recycling of old connections.
        self._idle = IdleConnections() if engine.dialect.name == "sqlite" else None
        # SQLite: the writers take turns (in the process, and with other processes
        # through a lock file), not in SQLite's busy handler.
        self._writers = (
            WriterTurns(lock_file=lock_file_of(engine.url.database))
            if engine.dialect.name == "sqlite"
            else None
        )
        self.commit_groups = CommitGroups()
        """Where the commits of held inserts queue, to share a transaction (SQLite: and its
        sync; PostgreSQL: and its round trip), see
        :mod:`~formlavoro_adapters.sql.commit_groups`."""

    def __call__(self, *, exclusive: bool = False) -> SqlUnitOfWork:
        """Return a new unit of work; ``exclusive`` takes SQLite's write lock up front."""
        return SqlUnitOfWork(
            self.engine,
            exclusive=exclusive,
            cache=self.cache,
            idle=self._idle,
            writers=self._writers,
            groups=self.commit_groups,
        )

    def dispose(self) -> None:
        """Close the pooled connections (the idle ones first back to the pool)."""
        if self._idle is not None:
            self._idle.close()
        if self._writers is not None:
            self._writers.close()
        self.engine.dispose()
