"""Failures of the messaging context."""

from __future__ import annotations

from typing import ClassVar

import attrs

from formlavoro_core.errors import DomainError
from formlavoro_core.ids import OutboxMessageId
from formlavoro_core.texts import Text, _

__all__ = ["DeadLetterErased", "NoOneToAnswer"]


@attrs.frozen(kw_only=True)
class NoOneToAnswer(DomainError):
    """MS-3: automatic messages of the system cannot be answered."""

    CODE: ClassVar[str] = "message.reply.no_recipient"

    @property
    def text(self) -> Text:
        return _("This message was sent automatically; there is nobody to answer it.")


@attrs.frozen(kw_only=True)
class DeadLetterErased(DomainError):
    """A dead letter whose body held a secret (a reset link) was erased: it cannot go again.

    The citizen asks for a new reset link instead.
    """

    CODE: ClassVar[str] = "mail.requeue.erased"
    message_id: OutboxMessageId

    @property
    def text(self) -> Text:
        return _(
            "This email held a secret and was erased when it became a dead letter; "
            "it cannot be sent again."
        )
