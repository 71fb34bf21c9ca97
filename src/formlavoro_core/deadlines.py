"""Deadlines that pass: how far each time-driven job has handled its own (CV-11, AP-12, EV-1).

A job such as "tell citizens whose CV expired" walks the deadlines of its kind (each
CV's expiry) in order, by time then id. A :class:`DeadlineMark` records, per job, the
last deadline handled. Each batch of deadlines is handled in one unit of work that also
moves the mark: running the job twice at the same instant finds nothing left the second
time, and two runs at once cannot both commit the same batch (the mark's version
refuses the later one, which runs again from the new mark). So nothing is sent twice.

A job runs up to :data:`SETTLE` before now, so that a change committing a deadline that
is about to pass (say, an offer published a second before its expiry) is seen first.
The first run of a job starts :data:`FIRST_LOOKBACK` before that.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol, TypeVar

import attrs
from returns.result import Failure, Result, Success

if TYPE_CHECKING:
    from formlavoro_core.errors import DomainError
    from formlavoro_core.ports import UnitOfWork
    from formlavoro_core.runtime import Dependencies

__all__ = [
    "BATCH",
    "FIRST_LOOKBACK",
    "SETTLE",
    "Deadline",
    "DeadlineMark",
    "DeadlineMarkRepository",
    "pass_deadlines",
]

T = TypeVar("T")

SETTLE = dt.timedelta(minutes=1)
"""How long after a deadline passed a job handles it."""

FIRST_LOOKBACK = dt.timedelta(days=1)
"""How far back the first run of a job looks (a new portal, or a new job)."""

BATCH = 100
"""Deadlines handled per unit of work."""


@attrs.frozen(kw_only=True, order=True)
class Deadline:
    """A point in a job's walk: a time, and the id of the record whose deadline it is.

    Deadlines order by time, then id; ``id=""`` stands before every record at that time.
    """

    at: dt.datetime
    id: str = ""


@attrs.frozen(kw_only=True)
class DeadlineMark:
    """The last deadline a job handled; every one up to it is done."""

    job: str
    through: Deadline
    version: int = 0


class DeadlineMarkRepository(Protocol):
    """Each time-driven job's mark, keyed by the job's name."""

    def get(self, job: str, /) -> DeadlineMark | None:
        """Return the job's mark, or ``None`` before its first run."""
        ...

    def add(self, mark: DeadlineMark, /) -> DeadlineMark:
        """Insert a job's first mark; ``DuplicateKeyError`` when it has one."""
        ...

    def update(self, mark: DeadlineMark, /) -> DeadlineMark:
        """Store a moved mark (version check)."""
        ...


def pass_deadlines(
    deps: Dependencies,
    *,
    job: str,
    due: Callable[[UnitOfWork, Deadline, dt.datetime, int], Sequence[T]],
    deadline_of: Callable[[T], Deadline],
    handle: Callable[[UnitOfWork, T], int],
) -> Result[int, DomainError]:
    """Handle every deadline of ``job`` passed since its mark; return how many things done.

    ``due(uow, after, before, limit)`` returns the records whose deadline lies after
    ``after`` and before ``before``, in deadline order, at most ``limit``;
    ``handle(uow, record)`` acts on one and says how many things it did (messages
    sent, applications closed).
    """
    now = deps.clock.now()
    before = now - SETTLE
    total = 0

    def batch(uow: UnitOfWork) -> tuple[int, bool]:
        mark = uow.deadline_marks.get(job)
        start = mark.through if mark is not None else Deadline(at=before - FIRST_LOOKBACK)
        records = due(uow, start, before, BATCH)
        done = sum(handle(uow, record) for record in records)
        full = len(records) == BATCH
        through = deadline_of(records[-1]) if full else Deadline(at=before)
        if mark is None:
            uow.deadline_marks.add(DeadlineMark(job=job, through=through))
        elif through > mark.through:
            uow.deadline_marks.update(attrs.evolve(mark, through=through))
        return done, full

    while True:
        outcome = deps.run(batch)
        if isinstance(outcome, Failure):
            return Failure(outcome.failure())
        done, full = outcome.value_or((0, False))
        total += done
        if not full:
            return Success(total)
