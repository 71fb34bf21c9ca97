"""SQL repositories of events and the citizens' memberships of them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, select

from formlavoro_adapters.sql.base import SqlRepository
from formlavoro_adapters.sql.deadlines import passed
from formlavoro_adapters.sql.personal_data import SqlHolder
from formlavoro_adapters.sql.tables import EVENTS, MEMBERSHIPS
from formlavoro_core.deadlines import Deadline
from formlavoro_core.events.model import Event, Membership
from formlavoro_core.ids import AccountId, CpiId, EventId
from formlavoro_core.privacy.anonymise import anonymised_membership
from formlavoro_core.privacy.subject import DataSubject

__all__ = ["SqlEvents", "SqlMemberships"]


class SqlEvents(SqlRepository[Event]):
    table = EVENTS
    entity = "event"
    cls = Event

    def columns(self, aggregate: Event) -> Mapping[str, Any]:
        return {
            "organiser": aggregate.organiser,
            "starts_at": aggregate.starts_at,
            "ends_at": aggregate.ends_at,
            # EV-1: set only while registration is open, so closed ones leave the index.
            "registration_closes_at": (
                aggregate.registration_closes_at if aggregate.registration_open else None
            ),
        }

    def get(self, event_id: EventId) -> Event | None:
        return self._get(event_id)

    def not_over(self, now: dt.datetime) -> Sequence[Event]:
        c = EVENTS.c
        return self._many(select(c.doc).where(c.ends_at > now).order_by(c.starts_at, c.id))

    def by_organiser(self, organiser: CpiId) -> Sequence[Event]:
        c = EVENTS.c
        return self._many(select(c.doc).where(c.organiser == organiser).order_by(c.starts_at, c.id))

    def registration_closing(
        self, *, after: Deadline, before: dt.datetime, limit: int
    ) -> Sequence[Event]:
        c = EVENTS.c
        closes = c.registration_closes_at
        return self._many(
            select(c.doc)
            .where(passed(closes, c.id, after=after, before=before))
            .order_by(closes, c.id)
            .limit(limit)
        )


class SqlMemberships(SqlHolder[Membership]):
    table = MEMBERSHIPS

    def subject_where(self, subject: DataSubject) -> ColumnElement[bool] | None:
        return MEMBERSHIPS.c.citizen == subject.account_id

    def keep(self, row: Membership, subject: DataSubject) -> Membership:
        return anonymised_membership(row, subject)

    entity = "membership"
    cls = Membership
    key_columns = ("event_id", "citizen")

    def key_of(self, aggregate: Membership) -> Mapping[str, Any]:
        return {"event_id": aggregate.event, "citizen": aggregate.citizen}

    def columns(self, aggregate: Membership) -> Mapping[str, Any]:
        return {"joined_at": aggregate.joined_at}

    def get(self, event: EventId, citizen: AccountId) -> Membership | None:
        return self._get(event, citizen)

    def for_citizen(self, citizen: AccountId) -> Sequence[Membership]:
        c = MEMBERSHIPS.c
        return self._many(
            select(c.doc).where(c.citizen == citizen).order_by(c.joined_at, c.event_id)
        )

    def for_event(self, event: EventId) -> Sequence[Membership]:
        c = MEMBERSHIPS.c
        return self._many(select(c.doc).where(c.event_id == event).order_by(c.joined_at, c.citizen))
