"""The transactional outbox: emails recorded with the change that causes them (MS-4).

A use case that must email someone adds an :class:`OutboxMessage` in its own unit of
work. The dispatcher (``portal.mail.deliver_pending``) later hands each one to the
``Mailer`` port, so a mail server that is down loses nothing: a message refused for a
while is tried again later, one refused for good becomes a *dead letter* that an
operator can put back in the queue.
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from formlavoro_core.ids import OutboxMessageId
from formlavoro_core.locale import Language
from formlavoro_core.texts import Text

__all__ = [
    "REDACTED",
    "DeliveryState",
    "EmailKind",
    "OutboxMessage",
    "OutboxMessageId",
    "OutgoingEmail",
]

REDACTED = "[erased after delivery: it held a secret]"
MAX_ERROR = 300
"""The longest ``last_error`` kept; a mail server's long answer is cut there."""


class EmailKind(enum.Enum):
    """Why an email is sent; lets an app choose templates or routing."""

    PASSWORD_RESET = "password_reset"  # noqa: S105 - a kind of email, not a secret
    PASSWORD_CHANGED = "password_changed"  # noqa: S105 - likewise
    CV_EXPIRY_REMINDER = "cv_expiry_reminder"
    CV_EXPIRED = "cv_expired"
    NEW_MESSAGE = "new_message"
    OFFER_ALERT = "offer_alert"
    APPLICATION_RECEIVED = "application_received"
    APPLICATION_CLOSED = "application_closed"
    PLACEHOLDER = "placeholder"
    """Nothing to send: queued where no email is due so that the work looks the same.

    A password-reset request that matches no account queues one, as a matching request
    queues its email (ID-4); the dispatcher marks it done without the ``Mailer``.
    """

    @property
    def is_sent(self) -> bool:
        """Whether the dispatcher hands the email to the ``Mailer`` (all but placeholders)."""
        return self is not EmailKind.PLACEHOLDER

    @property
    def carries_secret(self) -> bool:
        """Whether the body holds a secret (a reset link) to erase once delivered."""
        return self is EmailKind.PASSWORD_RESET


class DeliveryState(enum.Enum):
    """Where an outbox message stands."""

    PENDING = "pending"
    """Waiting for its (next) attempt."""
    SENT = "sent"
    """Handed to the mail server."""
    DEAD = "dead"
    """Refused for good, or given up after the retry period: a dead letter."""


@attrs.frozen(kw_only=True)
class OutgoingEmail:
    """One email as the ``Mailer`` port receives it: texts already in the reader's language.

    The core gives the texts and a small description; the mailer builds the message
    (headers, a plain-text and an HTML part). ``link`` is the portal's page the email
    is about (made from ``PortalConfig.base_url``), shown in both parts;
    ``unsubscribe_url`` is set on alerts, for the ``List-Unsubscribe`` header and
    one-click unsubscription (RFC 8058). ``reference`` is set by the dispatcher: it is
    the same at every attempt to send this email, so a mailer makes its
    ``Message-ID`` from it and a resent email keeps the same one.
    """

    to: str
    subject: str
    body: str
    kind: EmailKind
    unsubscribe_url: str | None = None
    link: str | None = None
    language: Language | None = None
    recipient_name: str | None = None
    reference: str | None = None
    texts: tuple[Text, Text] | None = attrs.field(default=None, eq=False, repr=False)
    """The subject and body as catalogue texts, for the inbox copy; the outbox keeps
    only the rendered email (``Dependencies.queue_email`` drops them), so erasing a
    dead letter's body leaves no secret behind."""


def _latest(*instants: dt.datetime | None) -> dt.datetime:
    return max(instant for instant in instants if instant is not None)


@attrs.frozen(kw_only=True)
class OutboxMessage:
    """An email waiting in the outbox, and what became of it.

    ``next_attempt_at`` is when a message that failed for a while is tried again;
    ``dead_at`` when it became a dead letter; ``requeued_at`` when an operator last put
    it back in the queue (the retry period counts from there).
    """

    id: OutboxMessageId
    email: OutgoingEmail
    created_at: dt.datetime
    sent_at: dt.datetime | None = None
    attempts: int = 0
    last_error: str | None = None
    claimed_until: dt.datetime | None = None
    next_attempt_at: dt.datetime | None = None
    dead_at: dt.datetime | None = None
    requeued_at: dt.datetime | None = None
    version: int = 0

    @property
    def state(self) -> DeliveryState:
        """Pending, sent, or dead."""
        if self.sent_at is not None:
            return DeliveryState.SENT
        if self.dead_at is not None:
            return DeliveryState.DEAD
        return DeliveryState.PENDING

    @property
    def is_pending(self) -> bool:
        """Whether the message still waits for delivery (neither sent nor dead)."""
        return self.state is DeliveryState.PENDING

    @property
    def due_at(self) -> dt.datetime | None:
        """From when a dispatcher may take the message; ``None`` once sent or dead.

        The latest of its creation, its next attempt and the end of its claim.
        """
        if not self.is_pending:
            return None
        return _latest(self.created_at, self.next_attempt_at, self.claimed_until)

    @property
    def waiting_since(self) -> dt.datetime:
        """When the retry period started: the creation, or the last requeue."""
        return self.requeued_at or self.created_at

    def is_available(self, now: dt.datetime) -> bool:
        """Whether a dispatcher may take the message at ``now`` (pending, due, not claimed)."""
        due = self.due_at
        return due is not None and due <= now

    def claimed(self, until: dt.datetime) -> OutboxMessage:
        """Return the message reserved for one dispatcher until ``until``."""
        return attrs.evolve(self, claimed_until=until)

    def released(self) -> OutboxMessage:
        """Return the message freed from its claim, due as it was before."""
        return attrs.evolve(self, claimed_until=None)

    def _erased(self) -> OutgoingEmail:
        email = self.email
        return attrs.evolve(email, body=REDACTED) if email.kind.carries_secret else email

    def delivered(self, at: dt.datetime) -> OutboxMessage:
        """Return the message marked as handed to the mail server at ``at``.

        A body that carries a secret is erased: the store keeps no live reset link.
        """
        return attrs.evolve(
            self,
            email=self._erased(),
            sent_at=at,
            attempts=self.attempts + 1,
            last_error=None,
            claimed_until=None,
            next_attempt_at=None,
        )

    def failed(self, error: str, *, retry_at: dt.datetime) -> OutboxMessage:
        """Return the message with one more failed attempt, to be tried again at ``retry_at``."""
        return attrs.evolve(
            self,
            attempts=self.attempts + 1,
            last_error=error[:MAX_ERROR],
            claimed_until=None,
            next_attempt_at=retry_at,
        )

    def buried(self, error: str, at: dt.datetime, *, attempted: bool = True) -> OutboxMessage:
        """Return the message made a dead letter at ``at``, with the error that killed it.

        ``attempted`` says whether the mail server was asked (it counts as an attempt).
        A body that carries a secret is erased, as on delivery.
        """
        return attrs.evolve(
            self,
            email=self._erased(),
            attempts=self.attempts + (1 if attempted else 0),
            last_error=error[:MAX_ERROR],
            claimed_until=None,
            next_attempt_at=None,
            dead_at=at,
        )

    def requeued(self, at: dt.datetime) -> OutboxMessage:
        """Return a dead letter put back in the queue at ``at``, due at once.

        Its attempts and last error stay for the record; the retry period starts again.
        """
        return attrs.evolve(
            self, dead_at=None, next_attempt_at=None, claimed_until=None, requeued_at=at
        )
