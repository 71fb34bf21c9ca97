"""Statements slower than a threshold, logged on ``formlavoro.adapters.sql.slow``.

The line gives the time and the statement's text as the library wrote it, with its
placeholders: the bound values (personal data among them) never reach the log.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

from formlavoro_adapters.logs import one_line

__all__ = ["watch_slow_statements"]

_log = logging.getLogger("formlavoro.adapters.sql.slow")
_STARTED = "formlavoro_started"
_SHOWN = 300  # characters of a statement in its line


def watch_slow_statements(engine: Engine, threshold_ms: float) -> None:
    """Log a WARNING for each statement of ``engine`` slower than ``threshold_ms``."""
    limit = threshold_ms / 1000

    @event.listens_for(engine, "before_cursor_execute")
    def started(
        _connection: Any, _cursor: Any, _statement: str, _parameters: Any, context: Any, _many: bool
    ) -> None:
        if context is not None:
            context.__dict__[_STARTED] = time.perf_counter()

    @event.listens_for(engine, "after_cursor_execute")
    def finished(
        _connection: Any, _cursor: Any, statement: str, _parameters: Any, context: Any, _many: bool
    ) -> None:
        began = None if context is None else context.__dict__.get(_STARTED)
        if began is None:
            return
        elapsed = time.perf_counter() - began
        if elapsed >= limit:
            text = " ".join(statement.split())
            _log.warning("slow statement: %.1f ms: %s", elapsed * 1000, one_line(text[:_SHOWN]))
