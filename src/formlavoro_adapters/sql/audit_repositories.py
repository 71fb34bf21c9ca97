"""The SQL audit log (SEC-3): one row per record, appended in sequence, and the anchor."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, insert, select

from formlavoro_adapters.sql.base import SqlRepository
from formlavoro_adapters.sql.documents import dump, load
from formlavoro_adapters.sql.driver_errors import translated
from formlavoro_adapters.sql.session import SqlSession
from formlavoro_adapters.sql.tables import AUDIT_ANCHOR, AUDIT_LOG
from formlavoro_core.errors import ConcurrencyConflictError
from formlavoro_core.ids import AccountId
from formlavoro_core.privacy.audit import AuditAnchor, AuditEntry

__all__ = ["SqlAuditLog"]

_ANCHOR = "anchor"


class _Anchors(SqlRepository[AuditAnchor]):
    table = AUDIT_ANCHOR
    entity = "audit_anchor"
    cls = AuditAnchor

    def key_of(self, aggregate: AuditAnchor) -> dict[str, Any]:  # noqa: ARG002 - one row
        return {"id": _ANCHOR}


class SqlAuditLog:
    """Audit records, one row each: inserted, read, pruned from the start; never updated."""

    def __init__(self, session: SqlSession) -> None:
        self._session = session
        self._anchors = _Anchors(session)

    def _execute(
        self, statement: Any, key: str = "", parameters: dict[str, Any] | None = None
    ) -> Any:
        with translated("audit_log", key):
            return self._session.connection().execute(statement, parameters)

    def _entries(self, statement: Any) -> list[AuditEntry]:
        return [load(row.doc, AuditEntry) for row in self._execute(statement).all()]

    def head(self) -> AuditEntry | None:
        c = AUDIT_LOG.c
        found = self._entries(select(c.doc).order_by(c.sequence.desc()).limit(1))
        return found[0] if found else None

    def append(self, entry: AuditEntry) -> None:
        row = {
            "sequence": entry.sequence,
            "at": entry.at,
            "subject": entry.subject,
            "doc": dump(entry),
        }
        self._execute(insert(AUDIT_LOG), str(entry.sequence), row)

    def entries(self, *, after: int, limit: int) -> Sequence[AuditEntry]:
        c = AUDIT_LOG.c
        return self._entries(
            select(c.doc).where(c.sequence > after).order_by(c.sequence).limit(limit)
        )

    def about(self, subject: AccountId) -> Sequence[AuditEntry]:
        c = AUDIT_LOG.c
        return self._entries(select(c.doc).where(c.subject == subject).order_by(c.sequence))

    def last_before(self, at: dt.datetime) -> AuditEntry | None:
        c = AUDIT_LOG.c
        found = self._entries(select(c.doc).where(c.at < at).order_by(c.sequence.desc()).limit(1))
        return found[0] if found else None

    def anchor(self) -> AuditAnchor | None:
        return self._anchors._get(_ANCHOR)

    def prune(self, anchor: AuditAnchor) -> int:
        if anchor.version == 0:
            if self.anchor() is not None:
                raise ConcurrencyConflictError("audit_anchor", _ANCHOR)
            self._anchors.add(anchor)
        else:
            self._anchors.update(anchor)
        c = AUDIT_LOG.c
        removed = self._execute(delete(AUDIT_LOG).where(c.sequence <= anchor.sequence))
        return int(removed.rowcount)
