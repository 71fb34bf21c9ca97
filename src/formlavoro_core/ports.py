"""Ports: what the core needs from the outside world, as ``typing.Protocol`` classes.

Adapters in ``formlavoro_adapters`` implement them; the core never imports an adapter.
Every method states its contract. Repositories raise
:class:`~formlavoro_core.errors.ConcurrencyConflictError` on a stale or duplicate write
(the portal turns it into a ``Conflict`` failure) and
:class:`~formlavoro_core.errors.StorageError` when the backend fails.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Protocol, Self

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
from formlavoro_core.privacy.repository import AuditLogRepository
from formlavoro_core.talent.repository import UnlockRequestRepository

if TYPE_CHECKING:
    import datetime as dt

    from formlavoro_core.cv.model import Cv, CvId
    from formlavoro_core.cv.search import CvQuery
    from formlavoro_core.deadlines import Deadline
    from formlavoro_core.documents import (
        ApplicationsReport,
        CalendarEntry,
        TicketDocument,
    )
    from formlavoro_core.identity.fiscal_code import FiscalCode
    from formlavoro_core.identity.model import Account, AccountId
    from formlavoro_core.identity.password_reset import PasswordReset
    from formlavoro_core.identity.throttle import LoginFailures
    from formlavoro_core.ids import OutboxMessageId
    from formlavoro_core.matching.bounds import Bounded, CvBound
    from formlavoro_core.matching.profiles import CvCell, CvProfile
    from formlavoro_core.messaging.outbox import OutboxMessage, OutgoingEmail
    from formlavoro_core.paging import Page, PageRequest
    from formlavoro_core.privacy.export import ExportSummary

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


class Clock(Protocol):
    """The only source of time for the core."""

    def now(self) -> dt.datetime:
        """Return the current instant as a timezone-aware datetime (any zone; UTC advised)."""
        ...


class IdGenerator(Protocol):
    """Source of identifiers for new aggregates, entries and files."""

    def new_id(self) -> str:
        """Return an identifier never returned before (URL-safe, at most 64 characters)."""
        ...


class TokenGenerator(Protocol):
    """Source of secrets such as password-reset tokens."""

    def new_token(self) -> str:
        """Return a URL-safe random token carrying at least 128 bits of entropy."""
        ...


class PasswordHasher(Protocol):
    """One-way password hashing for regional credentials (ID-3, SEC-2)."""

    def hash(self, password: str, /) -> str:
        """Return a self-describing hash (algorithm, parameters, salt) of ``password``."""
        ...

    def verify(self, password_hash: str, password: str, /) -> bool:
        """Tell whether ``password`` matches ``password_hash``; never raises on a mismatch."""
        ...

    def verify_dummy(self, password: str, /) -> None:
        """Spend the same work as :meth:`verify` against a hash that matches nothing.

        Used for unknown usernames so that timing does not reveal which accounts exist.
        """
        ...

    def needs_rehash(self, password_hash: str, /) -> bool:
        """Tell whether ``password_hash`` was made with parameters older than the current."""
        ...


class PasswordBlocklist(Protocol):
    """Commonly used or leaked passwords that regional credentials refuse (SEC-2).

    Entries are NFKC-normalised and case-folded; membership is asked with a password
    in that form. A ``frozenset`` of strings is one.
    """

    def __contains__(self, password: object, /) -> bool:
        """Whether ``password`` is on the list."""
        ...


class FileStore(Protocol):
    """Storage for the bytes of CV attachments. Keys are chosen by the core."""

    def put(self, key: str, content: bytes, /) -> None:
        """Store ``content`` under ``key``, replacing nothing (keys are never reused)."""
        ...

    def get(self, key: str, /) -> bytes | None:
        """Return the bytes stored under ``key``, or ``None`` when there are none."""
        ...

    def delete(self, key: str, /) -> None:
        """Remove ``key``; removing a missing key is not an error."""
        ...


class Mailer(Protocol):
    """Hands emails to a mail server. Called only by the outbox dispatcher."""

    def send(self, email: OutgoingEmail, /) -> None:
        """Deliver ``email`` or raise :class:`~formlavoro_core.errors.DeliveryError`.

        The error says whether the refusal is permanent (``permanent=True``: a 5xx
        reply to this message) or temporary, and whether the server could not be reached
        at all (``unreachable=True``). Its text holds no address, name or link.
        """
        ...


class TicketSigner(Protocol):
    """Makes check-in codes that cannot be forged (EV-3), e.g. with an HMAC and a secret key."""

    def sign(self, payload: str, /) -> str:
        """Return a code carrying ``payload`` (URL-safe, printable, at most 200 characters)."""
        ...

    def verify(self, code: str, /) -> str | None:
        """Return the payload of an authentic ``code``; ``None`` for anything else."""
        ...


class Sealer(Protocol):
    """Seals short texts with the portal's secret, so that only the portal can make them.

    Used for consent receipts (ID-8): the core writes the text, the seal proves the
    portal wrote it. ``purpose`` separates the uses: a seal made for one purpose never
    verifies for another.
    """

    def seal(self, purpose: str, text: str, /) -> str:
        """Return the seal of ``text`` for ``purpose``: URL-safe, at most 64 characters."""
        ...

    def verify(self, purpose: str, text: str, seal: str, /) -> bool:
        """Whether ``seal`` was made by :meth:`seal` for ``purpose`` and ``text``; never raises."""
        ...


class TicketRenderer(Protocol):
    """Turns a ticket into a printable file (EV-3)."""

    @property
    def media_type(self) -> str:
        """The media type of the files made, e.g. ``application/pdf``."""
        ...

    def render(self, ticket: TicketDocument, /) -> bytes:
        """Return the ticket as a file."""
        ...


class EventCalendar(Protocol):
    """Turns an event into a calendar file (INT-3)."""

    def export(self, entry: CalendarEntry, /) -> bytes:
        """Return ``entry`` as an iCalendar (RFC 5545) file."""
        ...


class ApplicationsReportRenderer(Protocol):
    """Turns a citizen's applications into a printable dated list (AP-9)."""

    @property
    def media_type(self) -> str:
        """The media type of the files made, e.g. ``application/pdf``."""
        ...

    def render(self, report: ApplicationsReport, /) -> bytes:
        """Return the report as a file."""
        ...


class PrivacySummaryRenderer(Protocol):
    """Turns the summary of a citizen's data export into a readable file (SEC-4)."""

    @property
    def media_type(self) -> str:
        """The media type of the files made, e.g. ``application/pdf``."""
        ...

    def render(self, summary: ExportSummary, /) -> bytes:
        """Return the summary as a file, in ``summary.language``."""
        ...


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
