"""Ports: what the core needs from the outside world, as ``typing.Protocol`` classes.

Adapters in ``formlavoro_adapters`` implement them; the core never imports an adapter.
Every method states its contract. Repositories raise
:class:`~formlavoro_core.errors.ConcurrencyConflictError` on a stale or duplicate write
(the portal turns it into a ``Conflict`` failure) and
:class:`~formlavoro_core.errors.StorageError` when the backend fails.

The ports are grouped by family, one module each: :mod:`~formlavoro_core.ports.sources`
(time, identifiers, secrets), :mod:`~formlavoro_core.ports.security`,
:mod:`~formlavoro_core.ports.files`, :mod:`~formlavoro_core.ports.mail`,
:mod:`~formlavoro_core.ports.documents`, :mod:`~formlavoro_core.ports.repositories` and
:mod:`~formlavoro_core.ports.unit_of_work`; the repositories of the other contexts live
in each context's ``repository`` module. This package re-exports them all.
"""

from __future__ import annotations

from formlavoro_core.applications.repository import ApplicationRepository
from formlavoro_core.courses.repository import CourseRepository
from formlavoro_core.deadlines import DeadlineMarkRepository
from formlavoro_core.events.repository import EventRepository, MembershipRepository
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
from formlavoro_core.ports.documents import (
    ApplicationsReportRenderer,
    EventCalendar,
    PrivacySummaryRenderer,
    TicketRenderer,
)
from formlavoro_core.ports.files import FileStore
from formlavoro_core.ports.mail import Mailer
from formlavoro_core.ports.repositories import (
    AccountRepository,
    CvRepository,
    LoginFailureRepository,
    OutboxRepository,
    PasswordResetRepository,
)
from formlavoro_core.ports.security import PasswordBlocklist, PasswordHasher, Sealer, TicketSigner
from formlavoro_core.ports.sources import Clock, IdGenerator, TokenGenerator
from formlavoro_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from formlavoro_core.privacy.repository import AuditLogRepository
from formlavoro_core.talent.repository import UnlockRequestRepository

__all__ = [
    "AccountRepository",
    "AlertLedgerRepository",
    "ApplicationRepository",
    "ApplicationsReportRenderer",
    "AuditLogRepository",
    "Clock",
    "CompanyRepository",
    "CourseRepository",
    "CvRepository",
    "DeadlineMarkRepository",
    "EmploymentCentreRepository",
    "EventCalendar",
    "EventRepository",
    "FileStore",
    "IdGenerator",
    "LoginFailureRepository",
    "Mailer",
    "MembershipRepository",
    "MessageRepository",
    "OfferRepository",
    "OutboxRepository",
    "PasswordBlocklist",
    "PasswordHasher",
    "PasswordResetRepository",
    "PrivacySummaryRenderer",
    "SavedSearchRepository",
    "Sealer",
    "TicketRenderer",
    "TicketSigner",
    "TokenGenerator",
    "TrainingEntityRepository",
    "UnitOfWork",
    "UnitOfWorkFactory",
    "UnlockRequestRepository",
]
