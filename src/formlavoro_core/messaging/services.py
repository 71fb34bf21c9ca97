"""Message use cases: the inbox, the exact unread count, opening, replying (MS-1 ... MS-4)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs
from returns.result import Failure, Result

from formlavoro_core.errors import DomainError, Forbidden, InvalidInput, NotFound
from formlavoro_core.ids import AccountId, MessageId
from formlavoro_core.messaging.failures import NoOneToAnswer
from formlavoro_core.messaging.model import (
    CounterpartKind,
    Direction,
    Message,
    MessageKind,
    Reply,
)
from formlavoro_core.messaging.notifications import notify
from formlavoro_core.paging import Page, PageRequest
from formlavoro_core.principals import CompanyPrincipal, CpiPrincipal, Principal
from formlavoro_core.privacy.audit import AuditAction
from formlavoro_core.privacy.recording import record
from formlavoro_core.runtime import Dependencies, require_citizen, searching

if TYPE_CHECKING:
    from formlavoro_core.locale import Language
    from formlavoro_core.ports import UnitOfWork

__all__ = ["MessageService"]


def _counterpart_of(actor: Principal) -> tuple[CounterpartKind, str] | None:
    if isinstance(actor, CompanyPrincipal):
        return CounterpartKind.COMPANY, actor.company_id
    if isinstance(actor, CpiPrincipal):
        return CounterpartKind.CPI, actor.cpi_id
    return None


class MessageService:
    """``portal.messages``: a citizen's inbox, and the replies companies and CPIs receive."""

    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps

    def inbox(
        self, actor: Principal, page: PageRequest | None = None
    ) -> Result[Page[Message], DomainError]:
        """MS-1: the messages sent to the citizen, newest first, in the citizen's language."""
        citizen = require_citizen(actor, "read messages")
        if isinstance(citizen, DomainError):
            return Failure(citizen)
        request = page or PageRequest()

        def work(uow: UnitOfWork) -> Page[Message] | DomainError:
            found = searching(lambda: uow.messages.inbox(citizen.account_id, request))
            if isinstance(found, DomainError):
                return found
            language = self._language(uow, citizen.account_id)
            return attrs.evolve(found, items=self._read(found.items, language))

        return self._deps.run(work)

    def _language(self, uow: UnitOfWork, account_id: AccountId) -> Language:
        """The reader's language (TX-2): the account's, the portal's default otherwise."""
        account = uow.accounts.get(account_id)
        return account.language if account is not None else self._deps.config.default_language

    def _read(self, messages: Iterable[Message], language: Language) -> tuple[Message, ...]:
        return tuple(message.in_language(self._deps.translator, language) for message in messages)

    def unread_count(self, actor: Principal) -> Result[int, DomainError]:
        """MS-2, HM-4: exactly how many of the citizen's messages are unread."""
        citizen = require_citizen(actor, "read messages")
        if isinstance(citizen, DomainError):
            return Failure(citizen)
        return self._deps.run(lambda uow: uow.messages.unread_count(citizen.account_id))

    def _own(
        self, uow: UnitOfWork, actor: Principal, message_id: MessageId
    ) -> Message | DomainError:
        citizen = require_citizen(actor, "read messages")
        if isinstance(citizen, DomainError):
            return citizen
        message = uow.messages.get(message_id)
        if message is None or message.citizen != citizen.account_id:
            return NotFound(entity="message", key=message_id)
        return message

    def open(self, actor: Principal, message_id: MessageId) -> Result[Message, DomainError]:
        """MS-2: show a message to its citizen; opening it marks it read."""
        now = self._deps.clock.now()

        def work(uow: UnitOfWork) -> Message | DomainError:
            message = self._own(uow, actor, message_id)
            if isinstance(message, DomainError):
                return message
            if message.direction is Direction.TO_CITIZEN and message.is_unread:
                message = uow.messages.update(attrs.evolve(message, read_at=now))
            return message.in_language(self._deps.translator, self._language(uow, message.citizen))

        return self._deps.run(work)

    def thread(
        self, actor: Principal, message_id: MessageId
    ) -> Result[tuple[Message, ...], DomainError]:
        """The whole conversation a message belongs to, oldest first."""

        def work(uow: UnitOfWork) -> tuple[Message, ...] | DomainError:
            message = self._own(uow, actor, message_id)
            if isinstance(message, DomainError):
                return message
            return self._read(
                uow.messages.thread(message.thread), self._language(uow, message.citizen)
            )

        return self._deps.run(work)

    def reply(
        self, actor: Principal, message_id: MessageId, reply: Reply
    ) -> Result[Message, DomainError]:
        """MS-3: the citizen asks the sender of a message for more information."""
        citizen = require_citizen(actor, "reply to messages")
        if isinstance(citizen, DomainError):
            return Failure(citizen)
        checked = self._deps.codec.check(reply)
        if isinstance(checked, InvalidInput):
            return Failure(checked)
        now = self._deps.clock.now()

        def work(uow: UnitOfWork) -> Message | DomainError:
            message = self._own(uow, actor, message_id)
            if isinstance(message, DomainError):
                return message
            if not message.counterpart.can_receive_replies:
                return NoOneToAnswer()
            return uow.messages.add(
                Message(
                    id=MessageId(self._deps.ids.new_id()),
                    thread=message.thread,
                    citizen=message.citizen,
                    counterpart=message.counterpart,
                    direction=Direction.FROM_CITIZEN,
                    kind=MessageKind.REPLY,
                    subject=_re(message.subject),
                    body=checked.body.strip(),
                    sent_at=now,
                    offer=message.offer,
                    application=message.application,
                    unlock_request=message.unlock_request,
                )
            )

        return self._deps.run(work)

    def replies_received(
        self, actor: Principal, page: PageRequest | None = None
    ) -> Result[Page[Message], DomainError]:
        """What citizens wrote to the acting company or employment centre, newest first."""
        counterpart = _counterpart_of(actor)
        if counterpart is None:
            return Failure(Forbidden(action="read replies of citizens"))
        kind, counterpart_id = counterpart
        request = page or PageRequest()
        now = self._deps.clock.now()

        def work(uow: UnitOfWork) -> Page[Message] | DomainError:
            found = searching(lambda: uow.messages.from_citizens(kind, counterpart_id, request))
            if isinstance(found, DomainError):
                return found
            for message in found.items:  # SEC-3: what citizens wrote, read by the publisher
                record(
                    uow,
                    actor,
                    AuditAction.PERSONAL_DATA_READ,
                    subject=message.citizen,
                    use_case="messages.replies_received",
                    at=now,
                    refs=(message.id,),
                )
            return found

        return self._deps.run(work)

    def answer(
        self, actor: Principal, message_id: MessageId, reply: Reply
    ) -> Result[Message, DomainError]:
        """A company or CPI answers a citizen's reply, in the same conversation."""
        counterpart = _counterpart_of(actor)
        if counterpart is None:
            return Failure(Forbidden(action="answer citizens"))
        checked = self._deps.codec.check(reply)
        if isinstance(checked, InvalidInput):
            return Failure(checked)
        deps = self._deps

        def work(uow: UnitOfWork) -> Message | DomainError:
            message = uow.messages.get(message_id)
            if (
                message is None
                or message.direction is not Direction.FROM_CITIZEN
                or (message.counterpart.kind, message.counterpart.id) != counterpart
            ):
                return NotFound(entity="message", key=message_id)
            account = uow.accounts.get(AccountId(message.citizen))
            if account is None:
                return NotFound(entity="account", key=message.citizen)
            sent = notify(
                deps,
                uow,
                account=account,
                counterpart=message.counterpart,
                kind=MessageKind.REPLY,
                subject=_re(message.subject),
                body=checked.body.strip(),
                offer=message.offer,
                application=message.application,
                unlock_request=message.unlock_request,
            )
            return uow.messages.update(attrs.evolve(sent, thread=message.thread))

        return deps.run(work)


def _re(subject: str) -> str:
    return subject if subject.lower().startswith("re:") else f"Re: {subject}"
