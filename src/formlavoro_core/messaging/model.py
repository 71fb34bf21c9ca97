"""The citizen's inbox: messages from the system or from companies, and replies (MS-1 ... MS-3)."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterator

import attrs

from formlavoro_core.errors import Problem
from formlavoro_core.ids import AccountId, ApplicationId, MessageId, OfferId, UnlockRequestId
from formlavoro_core.locale import Language
from formlavoro_core.texts import Text, Translator, _

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
            yield Problem(path="body", message=_("1 to {maximum} characters", maximum=MAX_BODY))


@attrs.frozen(kw_only=True)
class Message:
    """One message of a conversation between a citizen and a counterpart.

    A message the portal writes (a status change, a notice) keeps its texts as
    ``subject_text`` and ``body_text`` (message id and parameters): the inbox renders
    them in the reader's language when read, so a corrected translation reaches old
    messages too (TX-2). ``subject`` and ``body`` then hold them in the portal's
    default language, as written; what people write is kept only there.
    """

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
    subject_text: Text | None = None
    body_text: Text | None = None
    offer: OfferId | None = None
    application: ApplicationId | None = None
    unlock_request: UnlockRequestId | None = None
    version: int = 0

    def in_language(self, translator: Translator, language: Language) -> Message:
        """This message with its portal texts rendered in ``language`` (TX-2)."""
        if self.subject_text is None and self.body_text is None:
            return self
        return attrs.evolve(
            self,
            subject=self.subject
            if self.subject_text is None
            else translator.render(self.subject_text, language),
            body=self.body
            if self.body_text is None
            else translator.render(self.body_text, language),
        )

    @property
    def is_unread(self) -> bool:
        """Whether the recipient has not opened it yet (MS-2)."""
        return self.read_at is None
