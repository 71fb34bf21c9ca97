"""Unlock requests: a company asks a citizen to see their personal data (CV-12)."""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from formlavoro_core.ids import AccountId, CompanyId, CvId, UnlockRequestId
from formlavoro_core.texts import Text, _p

__all__ = ["UnlockChange", "UnlockRequest", "UnlockStatus"]


class UnlockStatus(enum.Enum):
    """CV-12 (decided): requested, then unlocked or refused; an unlock can be revoked."""

    REQUESTED = "requested"
    UNLOCKED = "unlocked"
    REFUSED = "refused"
    REVOKED = "revoked"

    @property
    def label(self) -> Text:
        """The status as people read it (TX-1)."""
        return _UNLOCK_STATUS_LABELS[self]


_UNLOCK_STATUS_LABELS = {
    UnlockStatus.REQUESTED: _p("data unlock status", "requested"),
    UnlockStatus.UNLOCKED: _p("data unlock status", "unlocked"),
    UnlockStatus.REFUSED: _p("data unlock status", "refused"),
    UnlockStatus.REVOKED: _p("data unlock status", "revoked"),
}


@attrs.frozen(kw_only=True)
class UnlockChange:
    """One step of an unlock request's history."""

    status: UnlockStatus
    at: dt.datetime


@attrs.frozen(kw_only=True)
class UnlockRequest:
    """A company's interest in one CV, and the citizen's decision: one per company and CV."""

    id: UnlockRequestId
    company: CompanyId
    company_name: str
    cv: CvId
    citizen: AccountId
    history: tuple[UnlockChange, ...]
    version: int = 0

    @property
    def status(self) -> UnlockStatus:
        """The current status."""
        return self.history[-1].status

    @property
    def unlocked(self) -> bool:
        """Whether the company may see the personal data now."""
        return self.status is UnlockStatus.UNLOCKED

    def moved_to(self, status: UnlockStatus, at: dt.datetime) -> UnlockRequest:
        """Return the request with the citizen's (or company's) next step."""
        return attrs.evolve(self, history=(*self.history, UnlockChange(status=status, at=at)))
