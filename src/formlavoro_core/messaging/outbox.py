"""The transactional outbox: emails recorded with the change that causes them (MS-4).

A use case that must email someone adds an :class:`OutboxMessage` in its own unit of
work. The dispatcher (``portal.mail.deliver_pending``) later hands each one to the
``Mailer`` port, so a mail server that is down loses nothing.
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from formlavoro_core.ids import OutboxMessageId

__all__ = ["REDACTED", "EmailKind", "OutboxMessage", "OutboxMessageId", "OutgoingEmail"]

REDACTED = "[erased after delivery: it held a secret]"


class EmailKind(enum.Enum):
    """Why an email is sent; lets an app choose templates or routing."""

    PASSWORD_RESET = "password_reset"  # noqa: S105 - a kind of email, not a secret
    PASSWORD_CHANGED = "password_changed"  # noqa: S105 - likewise
    CV_EXPIRY_REMINDER = "cv_expiry_reminder"
    NEW_MESSAGE = "new_message"
    OFFER_ALERT = "offer_alert"
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


@attrs.frozen(kw_only=True)
class OutgoingEmail:
    """One plain-text email, as the ``Mailer`` port receives it.

    ``unsubscribe_url`` is set on alerts; mailers put it in the ``List-Unsubscribe``
    header for one-click unsubscription (RFC 8058).
    """

    to: str
    subject: str
    body: str
    kind: EmailKind
    unsubscribe_url: str | None = None


@attrs.frozen(kw_only=True)
class OutboxMessage:
    """An email waiting in the outbox, and what became of it."""

    id: OutboxMessageId
    email: OutgoingEmail
    created_at: dt.datetime
    sent_at: dt.datetime | None = None
    attempts: int = 0
    last_error: str | None = None
    claimed_until: dt.datetime | None = None
    version: int = 0

    @property
    def is_pending(self) -> bool:
        """Whether the message still waits for delivery."""
        return self.sent_at is None

    def is_available(self, now: dt.datetime) -> bool:
        """Whether a dispatcher may take the message at ``now`` (pending, not claimed)."""
        return self.is_pending and (self.claimed_until is None or self.claimed_until <= now)

    def claimed(self, until: dt.datetime) -> OutboxMessage:
        """Return the message reserved for one dispatcher until ``until``."""
        return attrs.evolve(self, claimed_until=until)

    def delivered(self, at: dt.datetime) -> OutboxMessage:
        """Return the message marked as handed to the mail server at ``at``.

        A body that carries a secret is erased: the store keeps no live reset link.
        """
        email = self.email
        if email.kind.carries_secret:
            email = attrs.evolve(email, body=REDACTED)
        return attrs.evolve(
            self,
            email=email,
            sent_at=at,
            attempts=self.attempts + 1,
            last_error=None,
            claimed_until=None,
        )

    def failed(self, error: str) -> OutboxMessage:
        """Return the message with one more failed attempt recorded."""
        return attrs.evolve(self, attempts=self.attempts + 1, last_error=error, claimed_until=None)
