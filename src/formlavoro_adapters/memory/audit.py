"""The in-memory audit log (SEC-3): records keyed by sequence, and the chain's anchor."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from formlavoro_adapters.memory.tables import Repository, Schema, Session
from formlavoro_core.errors import ConcurrencyConflictError, DuplicateKeyError
from formlavoro_core.privacy.audit import AuditEntry

if TYPE_CHECKING:
    import datetime as dt

    from formlavoro_core.ids import AccountId
    from formlavoro_core.privacy.audit import AuditAnchor

__all__ = ["AUDIT_ANCHOR", "AUDIT_LOG", "SCHEMAS", "InMemoryAuditLog"]


@attrs.frozen
class _Stored:
    """A record as the store keeps it: written once, so always at version 1."""

    entry: AuditEntry
    version: int = 1


def _key(sequence: int) -> str:
    return f"{sequence:020d}"


AUDIT_LOG = Schema("audit_log", lambda row: _key(row.entry.sequence), {})
AUDIT_ANCHOR = Schema("audit_anchor", lambda _anchor: "anchor", {})
SCHEMAS = (AUDIT_LOG, AUDIT_ANCHOR)


class _Anchors(Repository["AuditAnchor"]):
    pass


class InMemoryAuditLog(Repository[_Stored]):
    def __init__(self, uow: Session, schema: Schema) -> None:
        super().__init__(uow, schema)
        self._anchors = _Anchors(uow, AUDIT_ANCHOR)

    def _sorted(self) -> list[AuditEntry]:
        return sorted((row.entry for row in self._all()), key=lambda entry: entry.sequence)

    def head(self) -> AuditEntry | None:
        entries = self._sorted()
        return entries[-1] if entries else None

    def append(self, entry: AuditEntry) -> None:
        if self._get(_key(entry.sequence)) is not None:
            raise DuplicateKeyError("audit_log", str(entry.sequence))
        self._stage(_key(entry.sequence), 0, _Stored(entry))

    def entries(self, *, after: int, limit: int) -> Sequence[AuditEntry]:
        return [entry for entry in self._sorted() if entry.sequence > after][:limit]

    def about(self, subject: AccountId) -> Sequence[AuditEntry]:
        return [entry for entry in self._sorted() if entry.subject == subject]

    def last_before(self, at: dt.datetime) -> AuditEntry | None:
        before = [entry for entry in self._sorted() if entry.at < at]
        return before[-1] if before else None

    def anchor(self) -> AuditAnchor | None:
        return self._anchors._get("anchor")

    def prune(self, anchor: AuditAnchor) -> int:
        current = self.anchor()
        if (0 if current is None else current.version) != anchor.version:
            raise ConcurrencyConflictError("audit_anchor", "anchor")
        if current is None:
            self._anchors.add(anchor)
        else:
            self._anchors.update(anchor)
        pruned = [entry for entry in self._sorted() if entry.sequence <= anchor.sequence]
        for entry in pruned:
            self._remove(_key(entry.sequence))
        return len(pruned)
