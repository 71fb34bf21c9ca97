"""Failures of the company side of CVs."""

from __future__ import annotations

from typing import ClassVar

import attrs

from formlavoro_core.errors import DomainError
from formlavoro_core.talent.model import UnlockStatus
from formlavoro_core.texts import Text, _

__all__ = ["InterestAlreadyExpressed", "UnlockDecisionNotPossible"]


@attrs.frozen(kw_only=True)
class InterestAlreadyExpressed(DomainError):
    """CV-12: a company asks a citizen once; the citizen's decision stands."""

    CODE: ClassVar[str] = "talent.interest.already_expressed"
    status: UnlockStatus

    @property
    def text(self) -> Text:
        return _(
            "You expressed interest in this CV already; the request is {status}.",
            status=self.status.label,
        )


@attrs.frozen(kw_only=True)
class UnlockDecisionNotPossible(DomainError):
    """CV-12: unlock or refuse a pending request; revoke an unlocked one."""

    CODE: ClassVar[str] = "talent.unlock.not_possible"
    status: UnlockStatus

    @property
    def text(self) -> Text:
        return _(
            "The request is {status}; this decision does not apply to it.",
            status=self.status.label,
        )
