"""Repository port of the company side of CVs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from formlavoro_core.ids import CompanyId, CvId, UnlockRequestId
    from formlavoro_core.talent.model import UnlockRequest

__all__ = ["UnlockRequestRepository"]


class UnlockRequestRepository(Protocol):
    """Unlock requests: one per company and CV (CV-12)."""

    def get(self, request_id: UnlockRequestId, /) -> UnlockRequest | None:
        """Return the request, or ``None``."""
        ...

    def add(self, request: UnlockRequest, /) -> UnlockRequest:
        """Insert a request; ``DuplicateKeyError`` when the company asked already."""
        ...

    def update(self, request: UnlockRequest, /) -> UnlockRequest:
        """Store a changed request (version check)."""
        ...

    def find(self, company: CompanyId, cv: CvId, /) -> UnlockRequest | None:
        """Return the company's request for the CV, or ``None``."""
        ...

    def for_cv(self, cv: CvId, /) -> Sequence[UnlockRequest]:
        """Return the requests about one CV, oldest first."""
        ...

    def for_company(self, company: CompanyId, /) -> Sequence[UnlockRequest]:
        """Return one company's requests, oldest first."""
        ...
