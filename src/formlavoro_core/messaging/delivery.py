"""When the outbox tries an email again, and when it gives up (RFC 5321 §4.5.4.1).

A message the mail server refused for a while (a 4xx reply, a connection refused, a
timeout) is tried again after a growing delay: a minute, then 5, 15 and 30 minutes, an
hour, two, then every four hours. Five days after it was queued (or requeued by an
operator) the outbox gives up and the message becomes a dead letter, as RFC 5321
suggests for a mail server's own queue. A message refused for good (a 5xx reply to it)
becomes a dead letter at once.

>>> policy = DeliveryPolicy()
>>> start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
>>> policy.retry_at(start, attempts=0, now=start)
datetime.datetime(2026, 3, 2, 9, 1, tzinfo=datetime.timezone.utc)
>>> policy.retry_at(start, attempts=20, now=start + dt.timedelta(days=5)) is None
True
"""

from __future__ import annotations

import datetime as dt

import attrs

from formlavoro_core.ids import OutboxMessageId
from formlavoro_core.messaging.outbox import DeliveryState, EmailKind, OutboxMessage

__all__ = ["DEFAULT_RETRY_DELAYS", "DeliveryPolicy", "DeliveryReport", "OutboxEntry"]

DEFAULT_RETRY_DELAYS = tuple(
    dt.timedelta(minutes=minutes) for minutes in (1, 5, 15, 30, 60, 120, 240)
)
"""The delay after the 1st, 2nd, … failed attempt; the last one repeats."""


def _delays(_instance: object, _attribute: object, value: tuple[dt.timedelta, ...]) -> None:
    if not value or any(delay <= dt.timedelta(0) for delay in value):
        raise ValueError("retry_delays must be positive durations, at least one")


def _positive(_instance: object, attribute: attrs.Attribute[dt.timedelta], value: object) -> None:
    if not isinstance(value, dt.timedelta) or value <= dt.timedelta(0):
        raise ValueError(f"{attribute.name} must be a positive duration")


@attrs.frozen(kw_only=True)
class DeliveryPolicy:
    """How the dispatcher retries (part of ``PortalConfig.delivery``).

    Attributes:
        retry_delays: the wait after each failed attempt; the last one repeats.
        give_up_after: how long after it was queued a message is tried (5 days).
        claim_lease: how long a dispatcher holds the messages it took; another takes
            them after that (a dispatcher that died frees its messages so).
        send_margin: a dispatcher sends no more of its messages once less than this is
            left of its lease, so that no other takes one while it is being sent; keep
            it above the mailer's timeout.
    """

    retry_delays: tuple[dt.timedelta, ...] = attrs.field(
        default=DEFAULT_RETRY_DELAYS, validator=_delays
    )
    give_up_after: dt.timedelta = attrs.field(default=dt.timedelta(days=5), validator=_positive)
    claim_lease: dt.timedelta = attrs.field(default=dt.timedelta(minutes=5), validator=_positive)
    send_margin: dt.timedelta = attrs.field(default=dt.timedelta(minutes=1), validator=_positive)

    def retry_at(
        self, waiting_since: dt.datetime, *, attempts: int, now: dt.datetime
    ) -> dt.datetime | None:
        """When to try again a message that failed at ``now``; ``None`` to give up.

        ``attempts`` counts the attempts before this one. The last attempt falls on the
        end of the retry period, never after it.
        """
        deadline = waiting_since + self.give_up_after
        if now >= deadline:
            return None
        delay = self.retry_delays[min(attempts, len(self.retry_delays) - 1)]
        return min(now + delay, deadline)


@attrs.frozen(kw_only=True)
class DeliveryReport:
    """What one pass of the outbox dispatcher did.

    Attributes:
        sent: emails handed to the mail server.
        failed: emails refused for a while, to be tried again later.
        dead: emails refused for good or given up: now dead letters.
        more: whether the pass took as many messages as it could: more may be due.
    """

    sent: int
    failed: int
    dead: int = 0
    more: bool = False


@attrs.frozen(kw_only=True)
class OutboxEntry:
    """An outbox message as an operator sees it: no address, no subject, no body.

    ``last_error`` is what the mailer said of the last failure; mailers keep personal
    data out of it (the shipped ones give the SMTP reply code and the stage only).
    """

    id: OutboxMessageId
    kind: EmailKind
    state: DeliveryState
    created_at: dt.datetime
    attempts: int
    last_error: str | None
    next_attempt_at: dt.datetime | None
    dead_at: dt.datetime | None

    @classmethod
    def of(cls, message: OutboxMessage) -> OutboxEntry:
        """The operator's view of ``message``."""
        return cls(
            id=message.id,
            kind=message.email.kind,
            state=message.state,
            created_at=message.created_at,
            attempts=message.attempts,
            last_error=message.last_error,
            next_attempt_at=message.next_attempt_at if message.is_pending else None,
            dead_at=message.dead_at,
        )
