"""What every use case runs with: the ports, the settings, and the transaction runner."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

import attrs
from returns.result import Failure, Result, Success

from formlavoro_core.codec import Codec
from formlavoro_core.errors import (
    ConcurrencyConflictError,
    Conflict,
    DomainError,
    Forbidden,
    InvalidInput,
    StorageError,
)
from formlavoro_core.identity.password_policy import COMMON_PASSWORDS, PasswordPolicy
from formlavoro_core.ids import OutboxMessageId
from formlavoro_core.messaging.outbox import OutboxMessage
from formlavoro_core.offers.query import BadCursor
from formlavoro_core.principals import CitizenPrincipal, Principal, System
from formlavoro_core.texts import SourceTranslator

if TYPE_CHECKING:
    from formlavoro_core.config import PortalConfig
    from formlavoro_core.messaging.outbox import OutgoingEmail
    from formlavoro_core.ports import (
        ApplicationsReportRenderer,
        Clock,
        EventCalendar,
        FileStore,
        IdGenerator,
        Mailer,
        PasswordBlocklist,
        PasswordHasher,
        PrivacySummaryRenderer,
        Sealer,
        TicketRenderer,
        TicketSigner,
        TokenGenerator,
        UnitOfWork,
        UnitOfWorkFactory,
    )
    from formlavoro_core.reference import ReferenceData
    from formlavoro_core.texts import Translator

ATTEMPTS = 3
"""How many times a unit of work runs before a conflict with others is reported."""

__all__ = ["Dependencies", "require_citizen", "require_system", "searching"]

T = TypeVar("T")


@attrs.frozen(kw_only=True)
class Dependencies:
    """The ports and settings a portal was built with."""

    storage: UnitOfWorkFactory
    clock: Clock
    ids: IdGenerator
    tokens: TokenGenerator
    passwords: PasswordHasher
    files: FileStore
    mailer: Mailer
    reference: ReferenceData
    config: PortalConfig
    tickets: TicketSigner
    sealer: Sealer
    ticket_renderer: TicketRenderer | None = None
    calendar: EventCalendar | None = None
    reports: ApplicationsReportRenderer | None = None
    privacy_summary: PrivacySummaryRenderer | None = None
    blocklist: PasswordBlocklist = COMMON_PASSWORDS
    translator: Translator = attrs.Factory(SourceTranslator)
    codec: Codec = attrs.field(
        default=attrs.Factory(lambda self: Codec.for_input(self.reference), takes_self=True)
    )

    @property
    def password_policy(self) -> PasswordPolicy:
        """The rules new passwords follow, with this portal's blocklist."""
        return PasswordPolicy(blocklist=self.blocklist)

    def run(self, work: Callable[[UnitOfWork], T | DomainError]) -> Result[T, DomainError]:
        """Run ``work`` in one unit of work; commit only when it returns a value.

        A returned :class:`DomainError` rolls everything back, so a refused use case
        leaves the store exactly as it was. When another transaction got in the way (a
        stale read, a unique key taken meanwhile), the work runs again on fresh data, up
        to :data:`ATTEMPTS` times, then fails with ``Conflict``. ``work`` must therefore
        touch nothing outside the unit of work that a second run would not set right.
        """
        conflict = Conflict(entity="unit_of_work", key="")
        for attempt in range(ATTEMPTS):
            try:
                # A rerun after a conflict asks for the write lock up front, where the
                # storage has one, so that the same collision cannot refuse it again.
                with self.storage(exclusive=attempt > 0) as uow:
                    outcome = work(uow)
                    if isinstance(outcome, DomainError):
                        return Failure(outcome)
                    uow.commit()
                    return Success(outcome)
            except ConcurrencyConflictError as exc:
                conflict = Conflict(entity=exc.entity, key=exc.key)
        return Failure(conflict)

    def discard_files(self, keys: Sequence[str], *, unless: Callable[[UnitOfWork], bool]) -> None:
        """Delete files a failed unit of work stored, unless its change was committed.

        A commit can fail after the database committed (the answer was lost); then the
        stored data names the files, and they must stay. ``unless`` looks in a fresh
        unit of work; when even that fails, the files stay: an unused file is harmless,
        a missing one is not.
        """
        if not keys:
            return
        try:
            with self.storage() as uow:
                if unless(uow):
                    return
        except StorageError:
            return
        for key in keys:
            self.files.delete(key)

    def queue_email(
        self, uow: UnitOfWork, email: OutgoingEmail, *, link: str | None = None
    ) -> OutboxMessage:
        """Record ``email`` in the outbox of ``uow``: it leaves only if the change commits.

        ``link``, when given, is the portal's page the email is about (see
        ``OutgoingEmail.link``).
        """
        if link is not None:
            email = attrs.evolve(email, link=link)
        return uow.outbox.add(
            OutboxMessage(
                id=OutboxMessageId(self.ids.new_id()), email=email, created_at=self.clock.now()
            )
        )


def require_citizen(actor: Principal, action: str) -> CitizenPrincipal | Forbidden:
    """Return the actor if it is a logged-in citizen, else the ``Forbidden`` failure."""
    if isinstance(actor, CitizenPrincipal):
        return actor
    return Forbidden(action=action)


def require_system(actor: Principal, action: str) -> System | Forbidden:
    """Return the actor if it is the portal's own scheduler, else ``Forbidden``."""
    if isinstance(actor, System):
        return actor
    return Forbidden(action=action)


def searching(search: Callable[[], T]) -> T | DomainError:
    """Run a repository search, turning a foreign page cursor into an input failure."""
    try:
        return search()
    except BadCursor as exc:
        return InvalidInput(problems=(exc.problem,))
