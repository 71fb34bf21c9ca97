"""In-memory deadline marks of the time-driven jobs, and the walk over passed deadlines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, TypeVar

from formlavoro_adapters.memory.tables import Repository, Schema
from formlavoro_core.deadlines import Deadline

if TYPE_CHECKING:
    from formlavoro_core.deadlines import DeadlineMark

__all__ = ["DEADLINE_MARKS", "SCHEMAS", "InMemoryDeadlineMarks", "passed"]

T = TypeVar("T")

DEADLINE_MARKS = Schema("deadline_mark", lambda mark: mark.job, {})
SCHEMAS = (DEADLINE_MARKS,)


class InMemoryDeadlineMarks(Repository["DeadlineMark"]):
    def get(self, job: str) -> DeadlineMark | None:
        return self._get(job)


def passed(
    rows: Iterable[T],
    deadline: Callable[[T], dt.datetime | None],
    key: Callable[[T], str],
    *,
    after: Deadline,
    before: dt.datetime,
    limit: int,
) -> Sequence[T]:
    """The rows whose deadline lies after ``after`` (by time, then key) and before ``before``."""
    found = []
    for row in rows:
        at = deadline(row)
        if at is not None and at < before and Deadline(at=at, id=key(row)) > after:
            found.append((Deadline(at=at, id=key(row)), row))
    found.sort(key=lambda pair: pair[0])
    return [row for _, row in found[:limit]]
