"""The citizen's inbox: messages from the system or from companies, and replies (MS-1 ... MS-3)."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterator

import attrs

from formlavoro_core.errors import Problem
from formlavoro_core.ids import AccountId, ApplicationId, MessageId, OfferId, UnlockRequestId

__all__ = [
    "MAX_BODY",
    "Counterpart",
    "CounterpartKind",
    "Direction",
    "Message",
    "MessageKind",
    "Reply",
]

MAX_SUBJECT = 200
MAX_BODY = 5_000


class CounterpartKind(enum.Enum):
    """Who is on the other side of a conversation with a citizen."""

    SYSTEM = "system"
    COMPANY = "company"
    CPI = "cpi"


@attrs.frozen(kw_only=True)
class Counterpart:
    """The system, a company or an employment centre, with the name shown."""

    kind: CounterpartKind
    id: str | None
    name: str

    @property
    def can_receive_replies(self) -> bool:
        """Whether a citizen can answer: people can, the system cannot."""
        return self.kind is not CounterpartKind.SYSTEM


class Direction(enum.Enum):
    """Whether a message goes to the citizen or comes from them."""

    TO_CITIZEN = "to_citizen"
    FROM_CITIZEN = "from_citizen"


class MessageKind(enum.Enum):
    """What a message is about; lets an app show an icon or a link."""

    APPLICATION_INTEREST = "application_interest"
    APPLICATION_STATUS = "application_status"
    UNLOCK_REQUEST = "unlock_request"
    UNLOCK_DECISION = "unlock_decision"
    EVENT = "event"
    CV_EXPIRY = "cv_expiry"
    REPLY = "reply"


@attrs.frozen(kw_only=True)
class Reply:
    """MS-3: what a citizen writes to ask for more information."""

    body: str

    def problems(self) -> Iterator[Problem]:
        """Yield what is wrong with the reply."""
        if not 1 <= len(self.body.strip()) <= MAX_BODY:
            yield Problem(path="body", message=f"1 to {MAX_BODY} characters")


@attrs.frozen(kw_only=True)
class Message:
    """One message of a conversation between a citizen and a counterpart."""

    id: MessageId
    thread: MessageId
    citizen: AccountId
    counterpart: Counterpart
    direction: Direction
    kind: MessageKind
    subject: str
    body: str
    sent_at: dt.datetime
    read_at: dt.datetime | None = None
    offer: OfferId | None = None
    application: ApplicationId | None = None
    unlock_request: UnlockRequestId | None = None
    version: int = 0

    @property
    def is_unread(self) -> bool:
        """Whether the recipient has not opened it yet (MS-2)."""
        return self.read_at is None
