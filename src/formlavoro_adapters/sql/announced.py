"""Statements sent straight to the driver, shown to the engine's cursor listeners.

The SQL session sends its reads, writes and ``BEGIN`` to the driver without SQLAlchemy
(see :mod:`~formlavoro_adapters.sql.session`). Tracing, fault injection and the
slow-statement log still see each of them as they see SQLAlchemy's own: the engine's
``before_cursor_execute`` and ``after_cursor_execute`` listeners are called around it,
with a context of its own for their notes. Without listeners it costs nothing more
than the statement.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.engine import Connection, Engine

__all__ = ["DriverStatement", "execute"]


class DriverStatement:
    """The execution context cursor listeners get for a statement sent to the driver.

    It holds nothing of the statement; listeners keep their notes in it, as they do in
    SQLAlchemy's contexts (the slow-statement log, its start time).
    """


def execute(
    engine: Engine,
    connection: Callable[[], Connection],
    cursor: Any,
    sql: str,
    parameters: Any,
    **options: Any,
) -> None:
    """Run ``sql`` on the driver's ``cursor``, announced to ``engine``'s listeners.

    ``connection`` gives the SQLAlchemy connection the listeners are called with; it is
    asked for only when there are listeners. ``options`` go to the cursor's ``execute``.
    """
    dispatch = engine.dispatch
    before, after = dispatch.before_cursor_execute, dispatch.after_cursor_execute
    if not (before or after):
        cursor.execute(sql, parameters, **options)
        return
    context = DriverStatement()
    if before:
        before(connection(), cursor, sql, parameters, context, False)  # noqa: FBT003
    cursor.execute(sql, parameters, **options)
    if after:
        after(connection(), cursor, sql, parameters, context, False)  # noqa: FBT003
