"""Repository port of the audit log (SEC-3)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import datetime as dt

    from formlavoro_core.ids import AccountId
    from formlavoro_core.privacy.audit import AuditAnchor, AuditEntry

__all__ = ["AuditLogRepository"]


class AuditLogRepository(Protocol):
    """The audit log: records appended in sequence, never changed.

    Records are only ever appended (:meth:`append`) and, past the retention, pruned from
    the start (:meth:`prune`); nothing else removes or changes one.
    """

    def head(self) -> AuditEntry | None:
        """Return the record with the highest sequence, or ``None`` when there is none."""
        ...

    def append(self, entry: AuditEntry, /) -> None:
        """Insert ``entry``, the head's successor.

        Raises ``DuplicateKeyError`` when its sequence is taken (another unit of work
        appended first: the portal runs the work again on the new head).
        """
        ...

    def entries(self, *, after: int, limit: int) -> Sequence[AuditEntry]:
        """Return up to ``limit`` records whose sequence is above ``after``, in sequence order."""
        ...

    def about(self, subject: AccountId, /) -> Sequence[AuditEntry]:
        """Return every record whose subject is ``subject``, in sequence order."""
        ...

    def last_before(self, at: dt.datetime, /) -> AuditEntry | None:
        """Return the record of highest sequence among those made before ``at``, or ``None``."""
        ...

    def anchor(self) -> AuditAnchor | None:
        """Return where the kept chain starts, or ``None`` when nothing was pruned."""
        ...

    def prune(self, anchor: AuditAnchor, /) -> int:
        """Remove every record up to ``anchor.sequence`` and keep ``anchor``; return how many.

        ``anchor.version`` is the stored anchor's (0 when there is none):
        ``ConcurrencyConflictError`` when another unit of work moved it meanwhile.
        """
        ...
