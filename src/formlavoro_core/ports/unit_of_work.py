"""The unit of work: one transaction over every repository, and the factory that opens it."""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self

from formlavoro_core.applications.repository import ApplicationRepository, ApplyingReads
from formlavoro_core.courses.repository import CourseRepository
from formlavoro_core.deadlines import DeadlineMarkRepository
from formlavoro_core.events.repository import EventRepository, MembershipRepository
from formlavoro_core.ids import AccountId, OfferId
from formlavoro_core.messaging.repository import MessageRepository
from formlavoro_core.offers.repository import (
    AlertLedgerRepository,
    OfferRepository,
    SavedSearchRepository,
)
from formlavoro_core.organisations.repository import (
    CompanyRepository,
    EmploymentCentreRepository,
    TrainingEntityRepository,
)
from formlavoro_core.ports.repositories import (
    AccountRepository,
    CvRepository,
    LoginFailureRepository,
    OutboxRepository,
    PasswordResetRepository,
)
from formlavoro_core.privacy.repository import AuditLogRepository
from formlavoro_core.talent.repository import UnlockRequestRepository

__all__ = ["UnitOfWork", "UnitOfWorkFactory"]


class UnitOfWork(Protocol):
    """One transaction over every repository (cosmicpython's unit of work).

    Leaving the ``with`` block without :meth:`commit` rolls everything back; reads see
    the transaction's own writes.
    """

    @property
    def accounts(self) -> AccountRepository:
        """Citizen accounts."""
        ...

    @property
    def password_resets(self) -> PasswordResetRepository:
        """Pending password resets."""
        ...

    @property
    def login_failures(self) -> LoginFailureRepository:
        """Recent failed logins per account and per source address."""
        ...

    @property
    def cvs(self) -> CvRepository:
        """CVs."""
        ...

    @property
    def outbox(self) -> OutboxRepository:
        """The email outbox."""
        ...

    @property
    def companies(self) -> CompanyRepository:
        """Registered companies."""
        ...

    @property
    def employment_centres(self) -> EmploymentCentreRepository:
        """Employment centres (CPI)."""
        ...

    @property
    def training_entities(self) -> TrainingEntityRepository:
        """Training entities."""
        ...

    @property
    def offers(self) -> OfferRepository:
        """Job offers."""
        ...

    @property
    def saved_searches(self) -> SavedSearchRepository:
        """Saved offer searches with alerts."""
        ...

    @property
    def alert_ledgers(self) -> AlertLedgerRepository:
        """Offers already announced to each citizen."""
        ...

    @property
    def applications(self) -> ApplicationRepository:
        """Applications to offers."""
        ...

    @property
    def courses(self) -> CourseRepository:
        """Training courses."""
        ...

    @property
    def events(self) -> EventRepository:
        """Recruitment events."""
        ...

    @property
    def memberships(self) -> MembershipRepository:
        """Who joined which event."""
        ...

    @property
    def messages(self) -> MessageRepository:
        """Messages with citizens."""
        ...

    @property
    def unlock_requests(self) -> UnlockRequestRepository:
        """Companies' requests to see personal data."""
        ...

    @property
    def deadline_marks(self) -> DeadlineMarkRepository:
        """How far each time-driven job has handled its deadlines."""
        ...

    @property
    def audit(self) -> AuditLogRepository:
        """The audit log (SEC-3): records written in the transaction of what they record."""
        ...

    def applying(self, offer: OfferId, citizen: AccountId, /) -> ApplyingReads:
        """The offer, the citizen's application to it, their CV and their account.

        What an application reads before it is written, read together: the same as
        ``offers.get(offer)``, ``applications.find(offer, citizen)``,
        ``cvs.by_owner(citizen)`` and ``accounts.get(citizen)``, in one statement where
        the storage can.
        """
        ...

    def __enter__(self) -> Self:
        """Begin the transaction."""
        ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Roll back whatever was not committed and release the transaction."""
        ...

    def commit(self) -> None:
        """Make every write of the transaction durable at once.

        Raises ``ConcurrencyConflictError`` if another transaction committed a
        conflicting write first; then nothing of this one is applied.
        """
        ...

    def rollback(self) -> None:
        """Discard every write of the transaction."""
        ...


class UnitOfWorkFactory(Protocol):
    """Makes a fresh unit of work for each use case."""

    def __call__(self, *, exclusive: bool = False) -> UnitOfWork:
        """Return a new, not yet entered, unit of work.

        ``exclusive`` says the work is going to write and should not be refused again
        for colliding with another writer (the portal asks for it when it reruns a unit
        of work after a conflict). A storage that locks the whole database for writing
        takes the lock at the start, waiting its turn; others may ignore it.
        """
        ...
