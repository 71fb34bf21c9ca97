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
    then raises a temporary ``DeliveryError`` (``unreachable``) and the outbox keeps the
    message for a later pass. :meth:`refuse` plays a server that refuses one address,
    for good (a 5xx reply) or for now (4xx).
    """

    def __init__(self) -> None:
        self.sent: list[OutgoingEmail] = []
        self.available = True
        self._refused: dict[str, bool] = {}
        self._lock = threading.Lock()

    def refuse(self, address: str, *, permanent: bool = True) -> None:
        """Refuse every email to ``address`` from now on, for good or for now."""
        with self._lock:
            self._refused[address] = permanent

    def send(self, email: OutgoingEmail) -> None:
        """Record ``email``, or raise ``DeliveryError`` while unavailable or refusing."""
        with self._lock:
            if not self.available:
                raise DeliveryError("the recording mailer is set unavailable", unreachable=True)
            permanent = self._refused.get(email.to)
            if permanent is not None:
                code = "550 5.1.1" if permanent else "450 4.2.1"
                raise DeliveryError(f"SMTP {code} at RCPT TO (recorded)", permanent=permanent)
            self.sent.append(email)
