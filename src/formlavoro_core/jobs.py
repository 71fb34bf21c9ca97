"""Time-driven rules, run by the portal's scheduler (CV-11 reminders), and mail delivery."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

import attrs
from returns.result import Failure, Result, Success

from formlavoro_core.cv.publication import add_local_days
from formlavoro_core.errors import DeliveryError, DomainError
from formlavoro_core.messaging import templates
from formlavoro_core.principals import Principal
from formlavoro_core.runtime import Dependencies, require_system

if TYPE_CHECKING:
    from formlavoro_core.messaging.outbox import OutboxMessage
    from formlavoro_core.ports import UnitOfWork

__all__ = ["CLAIM_LEASE", "DeliveryReport", "DueJobsReport", "JobsService", "MailService"]

CLAIM_LEASE = dt.timedelta(minutes=5)
"""How long a dispatcher holds the messages it took before others may take them."""


@attrs.frozen(kw_only=True)
class DueJobsReport:
    """What one run of the due jobs did."""

    cv_reminders: int


@attrs.frozen(kw_only=True)
class DeliveryReport:
    """What one pass of the outbox dispatcher did."""

    sent: int
    failed: int


class JobsService:
    """``portal.jobs``: the idempotent time-driven rules a scheduler calls."""

    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps

    def run_due(self, actor: Principal) -> Result[DueJobsReport, DomainError]:
        """Queue the CV expiry reminders that are due (CV-11); safe to call any time.

        A reminder goes once per publication, from ``cv_reminder_days`` days before the
        expiry until the expiry itself.
        """
        system = require_system(actor, "run scheduled jobs")
        if isinstance(system, DomainError):
            return Failure(system)
        deps = self._deps
        now = deps.clock.now()
        policy = deps.config.publication
        # One day of margin: calendar days are 23 to 25 hours long; each CV is then
        # checked exactly against its own due date.
        expiring_before = add_local_days(now, policy.reminder_days + 1, policy.timezone)

        def work(uow: UnitOfWork) -> DueJobsReport:
            count = 0
            for cv in uow.cvs.due_for_reminder(expiring_before=expiring_before, now=now):
                publication = cv.publication
                account = uow.accounts.get(cv.owner)
                if (
                    publication is None
                    or account is None
                    or now < policy.reminder_due_from(publication)
                ):
                    continue
                if account.email is not None:
                    deps.queue_email(
                        uow,
                        templates.cv_expiry_reminder(
                            to=account.email,
                            name=account.given_name,
                            cv=cv.id,
                            day=deps.config.local_date(publication.expires_at),
                            language=account.language,
                            portal=deps.config.portal_name,
                        ),
                    )
                uow.cvs.update(
                    attrs.evolve(cv, publication=attrs.evolve(publication, reminder_sent_at=now))
                )
                count += 1
            return DueJobsReport(cv_reminders=count)

        return deps.run(work)


def _saver(message: OutboxMessage) -> Callable[[UnitOfWork], OutboxMessage]:
    return lambda uow: uow.outbox.update(message)


class MailService:
    """``portal.mail``: hands the outbox to the ``Mailer`` port."""

    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps

    def deliver_pending(
        self, actor: Principal, *, limit: int = 100
    ) -> Result[DeliveryReport, DomainError]:
        """Send up to ``limit`` pending emails; each is marked sent in its own transaction."""
        system = require_system(actor, "deliver mail")
        if isinstance(system, DomainError):
            return Failure(system)
        deps = self._deps
        now = deps.clock.now()
        pending: list[OutboxMessage] = []

        def claim(uow: UnitOfWork) -> None:
            for message in uow.outbox.pending(limit=limit, now=now):
                pending.append(uow.outbox.update(message.claimed(now + CLAIM_LEASE)))

        # Claiming commits first, so two dispatchers never send the same message; a
        # dispatcher that dies mid-way frees its messages when the lease ends.
        if isinstance(deps.run(claim), Failure):
            return Success(DeliveryReport(sent=0, failed=0))
        sent = failed = 0
        for message in pending:
            try:
                deps.mailer.send(message.email)
            except DeliveryError as exc:
                outcome = message.failed(str(exc))
                failed += 1
            else:
                outcome = message.delivered(deps.clock.now())
                sent += 1
            deps.run(_saver(outcome))
        return Success(DeliveryReport(sent=sent, failed=failed))
