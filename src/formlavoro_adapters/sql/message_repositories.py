"""SQL repository of the messages between citizens and organisations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, func, select

from formlavoro_adapters.sql.paging import page_of
from formlavoro_adapters.sql.personal_data import SqlHolder
from formlavoro_adapters.sql.tables import MESSAGES
from formlavoro_core.ids import AccountId, MessageId
from formlavoro_core.messaging.model import CounterpartKind, Direction, Message
from formlavoro_core.paging import Page, PageRequest
from formlavoro_core.privacy.subject import DataSubject

__all__ = ["SqlMessages"]


def _message_key(message: Message) -> tuple[dt.datetime, str]:
    return (message.sent_at, message.id)


class SqlMessages(SqlHolder[Message]):
    table = MESSAGES

    def subject_where(self, subject: DataSubject) -> ColumnElement[bool] | None:
        return MESSAGES.c.citizen == subject.account_id

    entity = "message"
    cls = Message

    def columns(self, aggregate: Message) -> Mapping[str, Any]:
        return {
            "thread": aggregate.thread,
            "citizen": aggregate.citizen,
            "direction": aggregate.direction.value,
            "counterpart_kind": aggregate.counterpart.kind.value,
            "counterpart_id": aggregate.counterpart.id,
            "sent_at": aggregate.sent_at,
            "unread": aggregate.is_unread,
        }

    def get(self, message_id: MessageId) -> Message | None:
        return self._get(message_id)

    def _page(self, where: Sequence[Any], page: PageRequest) -> Page[Message]:
        return page_of(
            lambda statement: self._execute(statement).all(),
            MESSAGES,
            where,
            page,
            load=self._load_rows,
            key=_message_key,
            sort="sent_at",
        )

    def inbox(self, citizen: AccountId, page: PageRequest) -> Page[Message]:
        c = MESSAGES.c
        return self._page([c.citizen == citizen, c.direction == Direction.TO_CITIZEN.value], page)

    def unread_count(self, citizen: AccountId) -> int:
        c = MESSAGES.c
        statement = select(func.count()).where(
            c.citizen == citizen,
            c.direction == Direction.TO_CITIZEN.value,
            c.unread.is_(True),
        )
        count: int = self._execute(statement).scalar_one()
        return count

    def thread(self, thread: MessageId) -> Sequence[Message]:
        c = MESSAGES.c
        return self._many(select(c.doc).where(c.thread == thread).order_by(c.sent_at, c.id))

    def from_citizens(
        self, kind: CounterpartKind, counterpart_id: str, page: PageRequest
    ) -> Page[Message]:
        c = MESSAGES.c
        return self._page(
            [
                c.counterpart_kind == kind.value,
                c.counterpart_id == counterpart_id,
                c.direction == Direction.FROM_CITIZEN.value,
            ],
            page,
        )
