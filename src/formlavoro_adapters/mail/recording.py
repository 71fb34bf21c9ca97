"""The recording mailer: keeps what it was given (examples, tests, dry runs)."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from formlavoro_core.errors import DeliveryError

if TYPE_CHECKING:
    from formlavoro_core.messaging.outbox import OutgoingEmail

__all__ = ["RecordingMailer"]


class RecordingMailer:
    """Keeps every email it is asked to send, in order, instead of sending it.

    Set ``available`` to ``False`` to behave like a mail server that is down: ``send``
    then raises ``DeliveryError`` and the outbox keeps the message for a later pass.
    """

    def __init__(self) -> None:
        self.sent: list[OutgoingEmail] = []
        self.available = True
        self._lock = threading.Lock()

    def send(self, email: OutgoingEmail) -> None:
        """Record ``email``, or raise ``DeliveryError`` while unavailable."""
        with self._lock:
            if not self.available:
                raise DeliveryError("the recording mailer is set unavailable")
            self.sent.append(email)
