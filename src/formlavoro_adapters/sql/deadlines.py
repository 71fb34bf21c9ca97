"""SQL deadline marks of the time-driven jobs, and the condition of a walk over deadlines."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, and_, or_

from formlavoro_adapters.sql.base import SqlRepository
from formlavoro_adapters.sql.tables import DEADLINE_MARKS
from formlavoro_core.deadlines import Deadline, DeadlineMark

__all__ = ["SqlDeadlineMarks", "passed"]


class SqlDeadlineMarks(SqlRepository[DeadlineMark]):
    """Each time-driven job's mark, one row per job."""

    table = DEADLINE_MARKS
    entity = "deadline_mark"
    cls = DeadlineMark
    key_name = "job"

    def get(self, job: str) -> DeadlineMark | None:
        """The job's mark, or ``None`` before its first run."""
        return self._get(job)


def passed(
    at: ColumnElement[Any], key: ColumnElement[Any], *, after: Deadline, before: dt.datetime
) -> ColumnElement[bool]:
    """Rows whose deadline ``at`` lies after ``after`` and before ``before``.

    ``after`` orders by time, then ``key``: the keyset condition of
    :func:`formlavoro_core.deadlines.pass_deadlines`.
    """
    return and_(
        at < before,
        or_(at > after.at, and_(at == after.at, key > after.id)),
    )
