"""In-memory repositories as holders of personal data (SEC-4): what belongs to a subject.

Each repository holding records about citizens mixes in :class:`Holder` and says, in
:meth:`Holder.belongs`, which of its records are about a subject; records that count
for statistics are kept anonymised instead of removed (:meth:`Holder.keep`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from formlavoro_adapters.memory.tables import Repository
from formlavoro_core.privacy.subject import DataSubject

__all__ = ["Holder"]

A = TypeVar("A")


class Holder(Repository[A]):
    """Export and erasure of one subject's records, by scanning the table."""

    def belongs(self, row: A, subject: DataSubject) -> bool:  # noqa: ARG002
        """Whether ``row`` is about ``subject`` (subclasses say)."""
        return False

    def keep(self, row: A, subject: DataSubject) -> A | None:  # noqa: ARG002
        """The anonymised row to keep in place of ``row``, or ``None`` to remove it."""
        return None

    def export_subject(self, subject: DataSubject) -> Sequence[A]:
        """Every record about ``subject``."""
        return [row for row in self._all() if self.belongs(row, subject)]

    def erase_subject(self, subject: DataSubject) -> int:
        """Remove the subject's records, or replace them by their anonymised copies."""
        rows = list(self.export_subject(subject))
        for row in rows:
            kept = self.keep(row, subject)
            key = self._schema.key(row)
            if kept is not None and self._schema.key(kept) == key:
                self.update(kept)
                continue
            self._remove(key)
            if kept is not None:
                self.add(kept)  # under a new key: the tombstone is part of it
        return len(rows)
