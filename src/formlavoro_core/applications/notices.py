"""AP-12: every application is acknowledged, and none stays open once its offer has ended.

A submitted application gets an acknowledgement (an inbox message and an email) in the
same transaction as the application. When its offer closes (the publisher closes it) or
expires (the time-driven job sees its expiry pass), the applications still open are
closed as ``offer_closed`` and each citizen is told, in the same transaction again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from formlavoro_core.applications.model import Application, ApplicationStatus
from formlavoro_core.messaging import templates
from formlavoro_core.messaging.model import MessageKind
from formlavoro_core.messaging.notifications import tell

if TYPE_CHECKING:
    import datetime as dt

    from formlavoro_core.identity.model import Account
    from formlavoro_core.messaging.outbox import OutgoingEmail
    from formlavoro_core.offers.model import Offer
    from formlavoro_core.ports import UnitOfWork
    from formlavoro_core.runtime import Dependencies

__all__ = ["Acknowledgement", "acknowledgement", "close_open_applications"]


@attrs.frozen
class Acknowledgement:
    """AP-12: the acknowledgement of an application, read and rendered, not yet written."""

    account: Account
    email: OutgoingEmail
    application: Application

    def send(self, deps: Dependencies, uow: UnitOfWork) -> None:
        """Write it: the inbox message and, when the account has an address, the email."""
        tell(
            deps,
            uow,
            account=self.account,
            email=self.email,
            kind=MessageKind.APPLICATION_STATUS,
            offer=self.application.offer,
            application=self.application.id,
        )


def acknowledgement(
    deps: Dependencies, account: Account | None, application: Application
) -> Acknowledgement | None:
    """AP-12: what tells the citizen that ``application`` was received (None: no account).

    ``account`` is the citizen's, as read before the application (``None`` when it is
    not stored). It renders only; :meth:`Acknowledgement.send` writes it. A use case
    prepares it before its first write, so that the transaction, which the first write
    begins, holds the storage's write turn for the writes alone.
    """
    if account is None:
        return None
    email = templates.application_received(
        to=account.email or "",
        name=account.given_name,
        offer=application.offer_title,
        publisher=application.publisher.name,
        day=deps.config.local_date(application.submitted_at),
        link=deps.config.page(f"/applications/{application.id}"),
        language=account.language,
        portal=deps.config.portal_name,
        translator=deps.translator,
    )
    return Acknowledgement(account=account, email=email, application=application)


def close_open_applications(
    deps: Dependencies, uow: UnitOfWork, offer: Offer, *, ended_on: dt.date
) -> int:
    """AP-12: close the offer's applications still open, telling each citizen; return how many.

    ``ended_on`` is the day the offer closed, or its last day; the status change is
    dated now.
    An application with an outcome (selected, not selected) is left as it is.
    """
    now = deps.clock.now()
    closed = 0
    for application in uow.applications.for_offer(offer.id):
        if application.status.is_final:
            continue
        changed = uow.applications.update(application.moved_to(ApplicationStatus.OFFER_CLOSED, now))
        closed += 1
        account = uow.accounts.get(changed.citizen)
        if account is None:
            continue
        tell(
            deps,
            uow,
            account=account,
            email=templates.application_closed(
                to=account.email or "",
                name=account.given_name,
                offer=changed.offer_title,
                publisher=changed.publisher.name,
                day=ended_on,
                link=deps.config.page(f"/applications/{changed.id}"),
                language=account.language,
                portal=deps.config.portal_name,
                translator=deps.translator,
            ),
            kind=MessageKind.APPLICATION_STATUS,
            offer=changed.offer,
            application=changed.id,
        )
    return closed
