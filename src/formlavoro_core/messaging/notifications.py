"""Notifications: an internal message and its email, written in the same unit of work (MS-4)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from formlavoro_core.ids import ApplicationId, MessageId, OfferId, UnlockRequestId
from formlavoro_core.messaging import templates
from formlavoro_core.messaging.model import (
    Counterpart,
    CounterpartKind,
    Direction,
    Message,
    MessageKind,
)

if TYPE_CHECKING:
    from formlavoro_core.identity.model import Account
    from formlavoro_core.messaging.outbox import OutgoingEmail
    from formlavoro_core.ports import UnitOfWork
    from formlavoro_core.runtime import Dependencies

__all__ = ["notify", "tell"]


def notify(
    deps: Dependencies,
    uow: UnitOfWork,
    *,
    account: Account,
    counterpart: Counterpart,
    kind: MessageKind,
    subject: str,
    body: str,
    offer: OfferId | None = None,
    application: ApplicationId | None = None,
    unlock_request: UnlockRequestId | None = None,
) -> Message:
    """Put a message in the citizen's inbox and queue its email in the same transaction.

    The email only tells that a message arrived, with its subject: the content stays in
    the portal, behind the citizen's login.
    """
    message_id = MessageId(deps.ids.new_id())
    message = uow.messages.add(
        Message(
            id=message_id,
            thread=message_id,
            citizen=account.id,
            counterpart=counterpart,
            direction=Direction.TO_CITIZEN,
            kind=kind,
            subject=subject,
            body=body,
            sent_at=deps.clock.now(),
            offer=offer,
            application=application,
            unlock_request=unlock_request,
        )
    )
    if account.email is not None:
        deps.queue_email(
            uow,
            templates.new_message(
                to=account.email,
                name=account.given_name,
                sender=counterpart.name,
                subject=subject,
                language=account.language,
                portal=deps.config.portal_name,
                translator=deps.translator,
            ),
            link=deps.config.page(f"/messages/{message_id}"),
        )
    return message


def tell(
    deps: Dependencies,
    uow: UnitOfWork,
    *,
    account: Account,
    email: OutgoingEmail,
    kind: MessageKind,
    offer: OfferId | None = None,
    application: ApplicationId | None = None,
) -> Message:
    """An automatic message from the portal: ``email`` in the inbox and in the outbox.

    The inbox copy (MS-1: a message from the system) holds the email's subject and
    body; the email is queued only when the account has an address (MS-4). Both are
    written in ``uow``: they exist only if the change that causes them commits.
    """
    message_id = MessageId(deps.ids.new_id())
    message = uow.messages.add(
        Message(
            id=message_id,
            thread=message_id,
            citizen=account.id,
            counterpart=Counterpart(
                kind=CounterpartKind.SYSTEM, id=None, name=deps.config.portal_name
            ),
            direction=Direction.TO_CITIZEN,
            kind=kind,
            subject=email.subject,
            body=email.body,
            sent_at=deps.clock.now(),
            offer=offer,
            application=application,
        )
    )
    if account.email is not None:
        deps.queue_email(uow, email)
    return message
