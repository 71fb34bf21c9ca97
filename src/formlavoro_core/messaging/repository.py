"""Repository port of the messaging context."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from formlavoro_core.ids import AccountId, MessageId
    from formlavoro_core.messaging.model import CounterpartKind, Message
    from formlavoro_core.paging import Page, PageRequest

__all__ = ["MessageRepository"]


class MessageRepository(Protocol):
    """Messages between citizens and the system, companies or employment centres."""

    def get(self, message_id: MessageId, /) -> Message | None:
        """Return the message, or ``None``."""
        ...

    def add(self, message: Message, /) -> Message:
        """Insert a new message."""
        ...

    def update(self, message: Message, /) -> Message:
        """Store a changed message (version check)."""
        ...

    def inbox(self, citizen: AccountId, page: PageRequest, /) -> Page[Message]:
        """Return the messages sent to the citizen, newest first, then by id."""
        ...

    def unread_count(self, citizen: AccountId, /) -> int:
        """Return exactly how many messages to the citizen are unread (MS-2)."""
        ...

    def thread(self, thread: MessageId, /) -> Sequence[Message]:
        """Return the messages of one conversation, oldest first."""
        ...

    def from_citizens(
        self, kind: CounterpartKind, counterpart_id: str, page: PageRequest, /
    ) -> Page[Message]:
        """Return the citizens' replies to one company or CPI, newest first."""
        ...
