"""Statements compiled once and bound per call, sent straight to the driver.

A search builds its statement with SQLAlchemy the first time a *shape* of query is
seen (which filters are set, page or count, cursor or offset); the statement is then
compiled once for the dialect, and every later search of that shape only binds its
values and hands the SQL text to the driver. SQLAlchemy's statement building, cache
key and execution context cost more than the SQL of a page on SQLite; they are paid
once per shape instead of once per call.

Every value that changes from call to call is a named bind parameter, given by the
caller at each call; the other parameters (constants of the shape) keep the values
they were compiled with.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Mapping
from typing import Any

from sqlalchemy import BindParameter, bindparam, literal
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ClauseElement
from sqlalchemy.sql.sqltypes import NULLTYPE

__all__ = ["Binder", "Prepared", "PreparedCache", "literal_binder"]


class Prepared:
    """One statement compiled for one dialect: its SQL text and how to bind it."""

    def __init__(self, statement: ClauseElement, dialect: Dialect, *, varying: frozenset[str]):
        compiled: Any = statement.compile(dialect=dialect)
        if not isinstance(compiled, SQLCompiler):  # pragma: no cover - a select always is
            raise TypeError("not a SQL statement")
        self.sql: str = compiled.string
        if "POSTCOMPILE" in self.sql:
            raise ValueError("a prepared statement cannot hold expanding parameters")
        self._defaults: dict[str, Any] = dict(compiled.params)
        # A condition that can never hold (no events allowed) takes the others with it.
        self._varying = tuple(name for name in varying if name in self._defaults)
        self._order: tuple[str, ...] | None = (
            tuple(compiled.positiontup) if compiled.positiontup is not None else None
        )
        processors: Any = compiled._bind_processors  # SQLAlchemy's own, one per parameter
        self._processors: dict[str, Callable[[Any], Any]] = {**processors}

    def bind(self, values: Mapping[str, Any]) -> Any:
        """The driver's parameters: ``values`` for the varying ones, else the compiled."""
        merged = dict(self._defaults)
        for name in self._varying:
            merged[name] = values[name]
        processors = self._processors
        for name, process in processors.items():
            merged[name] = process(merged[name])
        if self._order is None:
            return merged
        return tuple(merged[name] for name in self._order)


class Binder:
    """Turns the values of a call into named bind parameters, noting their names."""

    def __init__(self) -> None:
        self.names: set[str] = set()

    def __call__(self, name: str, value: Any, type_: Any = None) -> BindParameter[Any]:
        """A bind parameter ``name`` holding ``value`` (typed by the column it meets)."""
        self.names.add(name)
        return bindparam(name, value, type_=NULLTYPE if type_ is None else type_)


def literal_binder(_name: str, value: Any, type_: Any = None) -> Any:
    """The value itself (of ``type_`` when given): a statement built once, for one call."""
    return value if type_ is None else literal(value, type_)


class PreparedCache:
    """Prepared statements by shape, built on first use; shared by threads."""

    def __init__(self) -> None:
        self._statements: dict[Hashable, Prepared] = {}
        self._lock = threading.Lock()

    def get(
        self,
        shape: Hashable,
        dialect: Dialect,
        build: Callable[[Binder], ClauseElement],
    ) -> Prepared:
        """The statement of ``shape``, built by ``build`` (with a :class:`Binder`) once."""
        found = self._statements.get(shape)
        if found is not None:
            return found
        binder = Binder()
        statement = build(binder)
        return self.prepare(shape, dialect, statement, frozenset(binder.names))

    def find(self, shape: Hashable) -> Prepared | None:
        """The statement of ``shape``, if it was prepared already."""
        return self._statements.get(shape)

    def prepare(
        self, shape: Hashable, dialect: Dialect, statement: ClauseElement, varying: frozenset[str]
    ) -> Prepared:
        """The statement of ``shape``: ``statement`` compiled, the first time."""
        found = self._statements.get(shape)
        if found is not None:
            return found
        prepared = Prepared(statement, dialect, varying=varying)
        with self._lock:
            return self._statements.setdefault(shape, prepared)
