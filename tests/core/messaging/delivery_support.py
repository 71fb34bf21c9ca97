"""What the outbox dispatcher's tests share: emails queued, read back, and a second portal."""

from __future__ import annotations

import datetime as dt
import itertools

from formlavoro_adapters import ScryptPasswordHasher, SequentialIdGenerator, bootstrap
from formlavoro_core.config import PortalConfig
from formlavoro_core.ids import OutboxMessageId
from formlavoro_core.messaging.outbox import EmailKind, OutboxMessage, OutgoingEmail
from formlavoro_core.portal import Portal
from formlavoro_core.ports import Mailer
from tests.support import ROME, World, reference

__all__ = ["DAY", "MINUTE", "portal_with", "queue_emails", "stored_message"]

_numbers = itertools.count()
MINUTE = dt.timedelta(minutes=1)
DAY = dt.timedelta(days=1)


def queue_emails(
    w: World, count: int, *, to: str = "anna.rossi@example.it"
) -> list[OutboxMessageId]:
    """``count`` emails in the outbox, as a use case writes them, a second apart."""
    ids = []
    with w.storage() as uow:
        for number in range(count):
            message = uow.outbox.add(
                OutboxMessage(
                    id=OutboxMessageId(f"mail-{next(_numbers):04d}"),
                    email=OutgoingEmail(
                        to=to,
                        subject=f"Messaggio {number}",
                        body="Buongiorno Anna,\n\nun messaggio.\n",
                        kind=EmailKind.NEW_MESSAGE,
                    ),
                    created_at=w.clock.now() - dt.timedelta(seconds=count - number),
                )
            )
            ids.append(message.id)
        uow.commit()
    return ids


def stored_message(w: World, message_id: OutboxMessageId) -> OutboxMessage:
    with w.storage() as uow:
        message = uow.outbox.get(message_id)
    assert message is not None
    return message


def portal_with(w: World, mailer: Mailer) -> Portal:
    """A second portal (another dispatcher) on the same storage and clock."""
    return bootstrap(
        config=PortalConfig(timezone=ROME),
        storage=w.storage,
        clock=w.clock,
        ids=SequentialIdGenerator("other"),
        passwords=ScryptPasswordHasher(log2_n=4),
        mailer=mailer,
        reference=reference(),
    )
