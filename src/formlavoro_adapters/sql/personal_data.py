"""SQL repositories as holders of personal data (SEC-4): what belongs to a subject.

Each repository holding records about citizens mixes in :class:`SqlHolder` and says, in
:meth:`SqlHolder.subject_where`, which rows are about a subject, by indexed columns; rows
that count for statistics are kept anonymised (:meth:`SqlHolder.keep`). An erasure drops
the rows' decoded copies from the storage's cache, and marks its session, so that on
SQLite the commit also empties the write-ahead log (see
:mod:`formlavoro_adapters.sql.session`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, delete, select

from formlavoro_adapters.sql.base import SqlRepository
from formlavoro_core.privacy.subject import DataSubject

__all__ = ["TABLES_WITHOUT_PERSONAL_DATA", "TABLE_HOLDERS", "SqlHolder"]

A = TypeVar("A")


class SqlHolder(SqlRepository[A]):
    """Export and erasure of one subject's rows, found by indexed columns."""

    def subject_where(self, subject: DataSubject) -> ColumnElement[bool] | None:  # noqa: ARG002
        """The condition of the subject's rows; ``None`` when it can have none."""
        return None

    def keep(self, row: A, subject: DataSubject) -> A | None:  # noqa: ARG002
        """The anonymised row to keep in place of ``row``, or ``None`` to remove it."""
        return None

    def before_removing(self, row: A) -> None:
        """Remove what depends on ``row`` (child tables) before it goes."""

    def export_subject(self, subject: DataSubject) -> Sequence[A]:
        """Every row about ``subject``."""
        condition = self.subject_where(subject)
        if condition is None:
            return []
        return self._many(select(self.table.c.doc).where(condition))

    def erase_subject(self, subject: DataSubject) -> int:
        """Delete the subject's rows, or replace them by their anonymised copies."""
        rows = list(self.export_subject(subject))
        self._session.erasing = True
        # The decoded copies shared by every unit of work go too (the storage's cache).
        self._session.cache.forget(
            [(self.table.name, tuple(str(v) for v in self.key_of(row).values())) for row in rows]
        )
        for row in rows:
            kept = self.keep(row, subject)
            if kept is not None and self.key_of(kept) == self.key_of(row):
                self.update(kept)
                continue
            self._remove_row(row)
            if kept is not None:
                self.add(kept)
        return len(rows)

    def _remove_row(self, row: A) -> None:
        self.before_removing(row)
        keys: dict[str, Any] = dict(self.key_of(row))
        where = [self.table.c[name] == value for name, value in keys.items()]
        self._execute(delete(self.table).where(*where), self._key(row))


TABLE_HOLDERS: dict[str, str] = {
    "accounts": "accounts",
    "password_resets": "password_resets",
    "login_throttle": "login_failures",
    "cvs": "cvs",
    "cv_professions": "cvs",
    "cv_profiles": "cvs",
    "cv_profile_codes": "cvs",
    "outbox": "outbox",
    "saved_searches": "saved_searches",
    "alert_ledgers": "alert_ledgers",
    "applications": "applications",
    "memberships": "memberships",
    "messages": "messages",
    "unlock_requests": "unlock_requests",
}
"""Each table holding rows about citizens, and the repository that exports and erases them.

A contract test fails when a table of the schema is in neither this mapping nor
:data:`TABLES_WITHOUT_PERSONAL_DATA`.
"""

TABLES_WITHOUT_PERSONAL_DATA: dict[str, str] = {
    "formlavoro_schema": "the schema versions applied",
    "companies": "organisations, not citizens",
    "employment_centres": "organisations, not citizens",
    "training_entities": "organisations, not citizens",
    "offers": "published by organisations",
    "offer_publications": "offer ids and their publication numbers",
    "events": "organised by employment centres",
    "courses": "published by training entities",
    "deadline_marks": "times and ids of the deadlines handled",
    "saml_requests": (
        "ids of SAML requests and assertions, and the links of logins to portal sessions"
        " (account id, transient NameID) for single logout, until they expire"
    ),
    "audit_log": "pseudonymous ids only (SEC-3)",
    "offer_profiles": "what matching reads of offers",
    "audit_anchor": "where the kept audit chain starts: a sequence and a hash",
}
"""The tables holding no personal datum, each with the reason."""
