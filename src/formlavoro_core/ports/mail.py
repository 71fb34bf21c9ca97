"""The port that hands emails to a mail server, called only by the outbox dispatcher."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from formlavoro_core.messaging.outbox import OutgoingEmail


__all__ = ["Mailer"]


class Mailer(Protocol):
    """Hands emails to a mail server. Called only by the outbox dispatcher."""

    def send(self, email: OutgoingEmail, /) -> None:
        """Deliver ``email`` or raise :class:`~formlavoro_core.errors.DeliveryError`.

        The error says whether the refusal is permanent (``permanent=True``: a 5xx
        reply to this message) or temporary, and whether the server could not be reached
        at all (``unreachable=True``). Its text holds no address, name or link.
        """
        ...
