"""SQL repositories of offer alerts: the citizens' saved searches and their ledgers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, select

from formlavoro_adapters.sql.personal_data import SqlHolder
from formlavoro_adapters.sql.tables import ALERT_LEDGERS, SAVED_SEARCHES
from formlavoro_core.ids import AccountId, SavedSearchId
from formlavoro_core.offers.alerts import AlertLedger, SavedSearch
from formlavoro_core.privacy.subject import DataSubject

__all__ = ["SqlAlertLedgers", "SqlSavedSearches"]


class SqlSavedSearches(SqlHolder[SavedSearch]):
    table = SAVED_SEARCHES

    def subject_where(self, subject: DataSubject) -> ColumnElement[bool] | None:
        return SAVED_SEARCHES.c.citizen == subject.account_id

    entity = "saved_search"
    cls = SavedSearch

    def columns(self, aggregate: SavedSearch) -> Mapping[str, Any]:
        last = aggregate.last_sent_at or aggregate.created_at
        return {
            "citizen": aggregate.citizen,
            "created_at": aggregate.created_at,
            "due_at": last + aggregate.frequency.interval if aggregate.active else None,
            "unsubscribe_token": aggregate.unsubscribe_token,
        }

    def get(self, search_id: SavedSearchId) -> SavedSearch | None:
        return self._get(search_id)

    def for_citizen(self, citizen: AccountId) -> Sequence[SavedSearch]:
        c = SAVED_SEARCHES.c
        return self._many(select(c.doc).where(c.citizen == citizen).order_by(c.created_at, c.id))

    def due(self, now: dt.datetime) -> Sequence[SavedSearch]:
        c = SAVED_SEARCHES.c
        return self._many(select(c.doc).where(c.due_at <= now).order_by(c.created_at, c.id))

    def by_unsubscribe_token(self, token: str) -> SavedSearch | None:
        return self._one_by(unsubscribe_token=token)


class SqlAlertLedgers(SqlHolder[AlertLedger]):
    table = ALERT_LEDGERS

    def subject_where(self, subject: DataSubject) -> ColumnElement[bool] | None:
        return ALERT_LEDGERS.c.citizen == subject.account_id

    entity = "alert_ledger"
    cls = AlertLedger
    key_name = "citizen"

    def get(self, citizen: AccountId) -> AlertLedger | None:
        return self._get(citizen)
