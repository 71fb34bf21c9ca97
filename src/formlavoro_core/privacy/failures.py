"""Failures of the data-rights use cases (SEC-3, SEC-4)."""

from __future__ import annotations

from typing import ClassVar

import attrs

from formlavoro_core.errors import DomainError
from formlavoro_core.texts import Text, _

__all__ = ["BREAKS", "AuditChainBroken"]

BREAKS = ("altered", "missing", "unlinked", "anchor")
"""How a chain can be broken (see :class:`~formlavoro_core.privacy.audit.ChainBreak`)."""


@attrs.frozen(kw_only=True)
class AuditChainBroken(DomainError):
    """SEC-3: a record of the audit log was altered or removed.

    Attributes:
        sequence: the first record that does not follow the chain.
        reason: ``altered``, ``missing``, ``unlinked`` or ``anchor`` (see
            :class:`~formlavoro_core.privacy.audit.ChainBreak`).
    """

    CODE: ClassVar[str] = "privacy.audit.chain_broken"
    sequence: int
    reason: str = attrs.field(validator=attrs.validators.in_(BREAKS))

    @property
    def text(self) -> Text:
        return _(
            "The audit log is broken at record {sequence} ({reason}): "
            "records were altered or removed outside the portal.",
            sequence=self.sequence,
            reason=self.reason,
        )
