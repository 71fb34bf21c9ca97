"""SQL repository of the companies' requests to unlock CVs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, select

from formlavoro_adapters.sql.personal_data import SqlHolder
from formlavoro_adapters.sql.tables import UNLOCK_REQUESTS
from formlavoro_core.ids import CompanyId, CvId, UnlockRequestId
from formlavoro_core.privacy.subject import DataSubject
from formlavoro_core.talent.model import UnlockRequest

__all__ = ["SqlUnlockRequests"]


class SqlUnlockRequests(SqlHolder[UnlockRequest]):
    table = UNLOCK_REQUESTS

    def subject_where(self, subject: DataSubject) -> ColumnElement[bool] | None:
        return None if subject.cv_id is None else UNLOCK_REQUESTS.c.cv == subject.cv_id

    entity = "unlock_request"
    cls = UnlockRequest

    def columns(self, aggregate: UnlockRequest) -> Mapping[str, Any]:
        return {
            "company": aggregate.company,
            "cv": aggregate.cv,
            "requested_at": aggregate.history[0].at,
        }

    def get(self, request_id: UnlockRequestId) -> UnlockRequest | None:
        return self._get(request_id)

    def find(self, company: CompanyId, cv: CvId) -> UnlockRequest | None:
        return self._one_by(company=company, cv=cv)

    def for_cv(self, cv: CvId) -> Sequence[UnlockRequest]:
        c = UNLOCK_REQUESTS.c
        return self._many(select(c.doc).where(c.cv == cv).order_by(c.requested_at, c.id))

    def for_company(self, company: CompanyId) -> Sequence[UnlockRequest]:
        c = UNLOCK_REQUESTS.c
        return self._many(select(c.doc).where(c.company == company).order_by(c.requested_at, c.id))
