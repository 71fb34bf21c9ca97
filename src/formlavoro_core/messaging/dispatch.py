"""``portal.mail``: the outbox dispatcher, and the dead letters an operator looks after.

A pass claims the due messages (one transaction), then sends each and records what
became of it (one transaction per message). With several dispatchers at once, each
claims messages the others do not hold: PostgreSQL skips the rows another claim has
locked (``FOR UPDATE SKIP LOCKED``), SQLite lets one writer at a time claim. A
dispatcher that dies between sending a message and marking it sent leaves the message
claimed; once its lease ends another dispatcher sends it again, with the same
``reference`` (so the same ``Message-ID``): at most one duplicate, which mail clients
recognise.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import attrs
from returns.result import Failure, Result, Success

from formlavoro_core.errors import DeliveryError, DomainError, Forbidden, InvalidInput, NotFound
from formlavoro_core.ids import OutboxMessageId
from formlavoro_core.messaging.delivery import DeliveryPolicy, DeliveryReport, OutboxEntry
from formlavoro_core.messaging.failures import DeadLetterErased
from formlavoro_core.messaging.outbox import REDACTED, DeliveryState, OutboxMessage
from formlavoro_core.principals import OperatorPrincipal, Principal, System
from formlavoro_core.privacy.recording import record_dead_letters_read
from formlavoro_core.runtime import Dependencies, require_system
from formlavoro_core.texts import _

if TYPE_CHECKING:
    import datetime as dt

    from formlavoro_core.ports import UnitOfWork

__all__ = ["CLAIM_LEASE", "MAX_DEAD_LETTERS", "MailService"]

CLAIM_LEASE = DeliveryPolicy().claim_lease
"""How long a dispatcher holds the messages it took, by default (``DeliveryPolicy``)."""

MAX_DEAD_LETTERS = 1_000
"""The most dead letters one listing returns."""

SECRET_EXPIRED = "not delivered while its link was valid; the citizen asks for a new one"  # noqa: S105


def _saver(message: OutboxMessage) -> Callable[[UnitOfWork], OutboxMessage]:
    return lambda uow: uow.outbox.update(message)


def _releaser(messages: Sequence[OutboxMessage]) -> Callable[[UnitOfWork], None]:
    def release(uow: UnitOfWork) -> None:
        for message in messages:
            uow.outbox.update(message.released())

    return release


def _operator(actor: Principal, action: str) -> Forbidden | None:
    """Dead letters are the business of the portal's staff and of its own scripts."""
    if isinstance(actor, OperatorPrincipal | System):
        return None
    return Forbidden(action=action)


class MailService:
    """``portal.mail``: hands the outbox to the ``Mailer`` port; lists and requeues dead letters."""

    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps

    def deliver_pending(
        self, actor: Principal, *, limit: int = 100
    ) -> Result[DeliveryReport, DomainError]:
        """Send up to ``limit`` due emails; each is marked in its own transaction (MS-4).

        An email the mail server takes is marked sent. One refused for a while is tried
        again later (``PortalConfig.delivery``); one refused for good, or still refused
        when the retry period ends, becomes a dead letter with the last error. When the
        server cannot be reached at all, the pass stops and leaves the rest for later.
        A ``limit`` below 1 answers ``input.invalid`` at ``limit``.
        """
        system = require_system(actor, "deliver mail")
        if isinstance(system, DomainError):
            return Failure(system)
        if limit < 1:
            return Failure(InvalidInput.at("limit", _("must be at least 1")))
        deps = self._deps
        policy = deps.config.delivery
        now = deps.clock.now()

        def claim(uow: UnitOfWork) -> list[OutboxMessage]:
            return [
                uow.outbox.update(message.claimed(now + policy.claim_lease))
                for message in uow.outbox.pending(limit=limit, now=now)
            ]

        # Claiming commits first, so two dispatchers never send the same message; a
        # dispatcher that dies mid-way frees its messages when the lease ends.
        claimed: list[OutboxMessage] = deps.run(claim).value_or([])
        sent = failed = dead = 0
        more = len(claimed) == limit
        for index, message in enumerate(claimed):
            now = deps.clock.now()
            if now >= (message.claimed_until or now) - policy.send_margin:
                deps.run(_releaser(claimed[index:]))  # too late: leave them to the next pass
                more = True
                break
            outcome, unreachable = self._attempt(message, now)
            deps.run(_saver(outcome))  # a conflict: another dispatcher took it meanwhile
            if outcome.state is DeliveryState.SENT:
                if message.email.kind.is_sent:
                    sent += 1
            elif outcome.state is DeliveryState.DEAD:
                dead += 1
            else:
                failed += 1
            if unreachable:
                deps.run(_releaser(claimed[index + 1 :]))
                more = False
                break
        return Success(DeliveryReport(sent=sent, failed=failed, dead=dead, more=more))

    def _attempt(self, message: OutboxMessage, now: dt.datetime) -> tuple[OutboxMessage, bool]:
        """Try to send one claimed message.

        Returns what became of it, and whether the mail server could not be reached.
        """
        deps = self._deps
        email = message.email
        if not email.kind.is_sent:  # a placeholder (ID-4): done, nothing to send
            return message.delivered(now), False
        if email.kind.carries_secret and now >= (
            message.created_at + deps.config.reset_token_lifetime
        ):
            return message.buried(SECRET_EXPIRED, now, attempted=False), False
        try:
            deps.mailer.send(attrs.evolve(email, reference=str(message.id)))
        except DeliveryError as exc:
            now = deps.clock.now()
            error = str(exc) or type(exc).__name__
            if exc.permanent:
                return message.buried(error, now), exc.unreachable
            retry_at = deps.config.delivery.retry_at(
                message.waiting_since, attempts=message.attempts, now=now
            )
            if retry_at is None:
                return message.buried(f"gave up: {error}", now), exc.unreachable
            return message.failed(error, retry_at=retry_at), exc.unreachable
        return message.delivered(deps.clock.now()), False

    def dead_letters(
        self, actor: Principal, *, limit: int = 100
    ) -> Result[tuple[OutboxEntry, ...], DomainError]:
        """The dead letters, the most recent first, without address, subject or body.

        For an operator or the portal's own scripts (``access.forbidden`` for anyone
        else). ``limit`` is 1 to :data:`MAX_DEAD_LETTERS`. The read is recorded in the
        audit log (SEC-3), in its transaction, naming the letters listed: they are
        emails to citizens, kept with their addresses.
        """
        refused = _operator(actor, "look after dead letters")
        if refused is not None:
            return Failure(refused)
        if not 1 <= limit <= MAX_DEAD_LETTERS:
            return Failure(InvalidInput.at("limit", _("1 to {maximum}", maximum=MAX_DEAD_LETTERS)))

        now = self._deps.clock.now()

        def work(uow: UnitOfWork) -> tuple[OutboxEntry, ...]:
            entries = tuple(OutboxEntry.of(message) for message in uow.outbox.dead(limit=limit))
            record_dead_letters_read(uow, actor, entries, at=now)
            return entries

        return self._deps.run(work)

    def requeue(
        self, actor: Principal, message_id: OutboxMessageId
    ) -> Result[OutboxEntry, DomainError]:
        """Put a dead letter back in the queue, due at once, for another retry period.

        Unknown ids and messages that are not dead letters answer
        ``dead_letter.not_found``; a dead email whose secret was erased (a reset link)
        answers ``mail.requeue.erased``.
        """
        refused = _operator(actor, "look after dead letters")
        if refused is not None:
            return Failure(refused)
        now = self._deps.clock.now()

        def work(uow: UnitOfWork) -> OutboxEntry | DomainError:
            message = uow.outbox.get(message_id)
            if message is None or message.state is not DeliveryState.DEAD:
                return NotFound(entity="dead_letter", key=message_id)
            if message.email.body == REDACTED:
                return DeadLetterErased(message_id=message.id)
            return OutboxEntry.of(uow.outbox.update(message.requeued(now)))

        return self._deps.run(work)
