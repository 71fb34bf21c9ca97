"""Sample messages between citizens and companies, employment centres or the portal.

``sample_messages()`` fills inboxes, threads and replies in both directions.
"""

from __future__ import annotations

from typing import Any

import attrs

from formlavoro_core.ids import ApplicationId, MessageId, OfferId, UnlockRequestId
from formlavoro_core.messaging.model import (
    Counterpart,
    CounterpartKind,
    Direction,
    Message,
    MessageKind,
)
from formlavoro_core.testing.ids import long_id
from formlavoro_core.testing.samples.scene import ANNA, BRUNO, HOUR, T0

__all__ = ["sample_message", "sample_messages"]


_TRATTORIA_DESK = Counterpart(
    kind=CounterpartKind.COMPANY, id=long_id("company-1"), name="Trattoria"
)
_EDIL_DESK = Counterpart(kind=CounterpartKind.COMPANY, id=long_id("company-2"), name="Edil Liguria")
_CPI_DESK = Counterpart(kind=CounterpartKind.CPI, id=long_id("cpi-1"), name="CPI Genova")
_SYSTEM = Counterpart(kind=CounterpartKind.SYSTEM, id=None, name="Portale Lavoro")


def sample_message(number: int = 1, **changes: Any) -> Message:
    """``message-<number>`` (two digits), unread, from the Trattoria to Anna at T0.

    It opens its own thread unless ``thread`` is changed.
    """
    message_id = MessageId(long_id(f"message-{number:02d}"))
    message = Message(
        id=message_id,
        thread=message_id,
        citizen=ANNA,
        counterpart=_TRATTORIA_DESK,
        direction=Direction.TO_CITIZEN,
        kind=MessageKind.APPLICATION_INTEREST,
        subject="La sua candidatura",
        body="Buongiorno, vorremmo conoscerla. È disponibile giovedì?",
        sent_at=T0,
    )
    return attrs.evolve(message, **changes)


def _message_with_every_field() -> Message:
    return sample_message(
        1,
        read_at=T0 + HOUR,
        offer=OfferId(long_id("offer-01")),
        application=ApplicationId(long_id("application-1")),
        unlock_request=UnlockRequestId(long_id("unlock-1")),
    )


def sample_messages() -> tuple[Message, ...]:
    """Nine messages of two citizens in five threads, both ways, read and unread.

    Two messages to Anna were sent at the same instant (the id breaks the tie).
    """
    thread_1, thread_5 = MessageId(long_id("message-01")), MessageId(long_id("message-05"))
    thread_7 = MessageId(long_id("message-07"))
    reply = {"direction": Direction.FROM_CITIZEN, "kind": MessageKind.REPLY}
    return (
        sample_message(1),
        sample_message(2, **reply, thread=thread_1, sent_at=T0 + HOUR),
        sample_message(3, thread=thread_1, sent_at=T0 + 2 * HOUR, read_at=T0 + 3 * HOUR),
        sample_message(4, counterpart=_SYSTEM, kind=MessageKind.EVENT, sent_at=T0 + 2 * HOUR),
        sample_message(5, counterpart=_CPI_DESK, sent_at=T0 + 5 * HOUR),
        sample_message(6, **reply, counterpart=_CPI_DESK, thread=thread_5, sent_at=T0 + 6 * HOUR),
        sample_message(7, citizen=BRUNO, sent_at=T0 + HOUR),
        sample_message(8, **reply, citizen=BRUNO, thread=thread_7, sent_at=T0 + 4 * HOUR),
        sample_message(9, **reply, citizen=BRUNO, counterpart=_EDIL_DESK, sent_at=T0 + 3 * HOUR),
    )
