"""SQL repository of applications to offers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, select

from formlavoro_adapters.sql.personal_data import SqlHolder
from formlavoro_adapters.sql.tables import APPLICATIONS
from formlavoro_core.applications.model import Application
from formlavoro_core.ids import AccountId, ApplicationId, OfferId
from formlavoro_core.privacy.anonymise import anonymised_application
from formlavoro_core.privacy.subject import DataSubject

__all__ = ["SqlApplications"]


class SqlApplications(SqlHolder[Application]):
    table = APPLICATIONS

    def subject_where(self, subject: DataSubject) -> ColumnElement[bool] | None:
        return APPLICATIONS.c.citizen == subject.account_id

    def keep(self, row: Application, subject: DataSubject) -> Application:
        return anonymised_application(row, subject)

    entity = "application"
    cls = Application

    def columns(self, aggregate: Application) -> Mapping[str, Any]:
        return {
            "offer_id": aggregate.offer,
            "citizen": aggregate.citizen,
            "submitted_at": aggregate.submitted_at,
        }

    def get(self, application_id: ApplicationId) -> Application | None:
        return self._get(application_id)

    def find(self, offer: OfferId, citizen: AccountId) -> Application | None:
        return self._one_by(offer_id=offer, citizen=citizen)

    def for_citizen(self, citizen: AccountId) -> Sequence[Application]:
        c = APPLICATIONS.c
        return self._many(
            select(c.doc).where(c.citizen == citizen).order_by(c.submitted_at.desc(), c.id.desc())
        )

    def for_offer(self, offer: OfferId) -> Sequence[Application]:
        c = APPLICATIONS.c
        return self._many(select(c.doc).where(c.offer_id == offer).order_by(c.submitted_at, c.id))
