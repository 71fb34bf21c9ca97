"""The repository base every SQL repository builds on.

An aggregate is stored as its JSON document, its version and the columns projected
for searches. Writes are optimistic: an update checks the version read (``UPDATE ...
WHERE version = :read``), and a stale one is a
:class:`~formlavoro_core.errors.ConcurrencyConflictError`, which the portal retries
with fresh reads.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Generic, TypeVar

import attrs
from sqlalchemy import (
    ColumnElement,
    Select,
    Table,
    Update,
    insert,
    select,
    update,
)
from sqlalchemy.sql.dml import UpdateBase

from formlavoro_adapters.sql.documents import dump, load
from formlavoro_adapters.sql.driver_errors import translated
from formlavoro_adapters.sql.prepared import Binder, PreparedCache
from formlavoro_adapters.sql.session import SqlSession
from formlavoro_core.errors import (
    ConcurrencyConflictError,
    FormlavoroError,
)

__all__ = ["SqlRepository", "is_write"]

A = TypeVar("A")


def is_write(statement: Any) -> bool:
    """Whether a statement must run in the transaction: it changes rows or locks them.

    Plain queries (``SELECT`` without ``FOR UPDATE``, and the adapters' own text
    queries) are reads; a text statement that must hold a lock says so itself.
    """
    if isinstance(statement, Select):
        return statement._for_update_arg is not None  # no public accessor
    return isinstance(statement, UpdateBase)


_MANY = 128
"""The most keys one statement of :meth:`SqlRepository._get_many` asks for."""
_GETS = PreparedCache()
_WRITES = PreparedCache()
"""Inserts and versioned updates, by table and columns written."""


class SqlRepository(Generic[A]):
    """Stores one aggregate type: its document, version and projected columns."""

    table: Table
    entity: str
    cls: type[A]
    key_name: str = "id"
    """The key column; the aggregate's attribute of the same name holds the key."""
    key_columns: tuple[str, ...] = ()
    """The columns of a key made of several (each a column of its own, never joined into
    one string); subclasses then say in :meth:`key_of` which values they hold."""

    def __init__(self, session: SqlSession) -> None:
        self._session = session
        self._key_columns = self.key_columns or (self.key_name,)

    # -- what subclasses say --------------------------------------------------------------

    def columns(self, aggregate: A) -> Mapping[str, Any]:  # noqa: ARG002 - subclasses project
        """The projected columns of ``aggregate`` (beyond key, version and document)."""
        return {}

    def after_write(self, aggregate: A) -> None:
        """Keep dependent rows (child tables) in step with ``aggregate``."""

    def key_of(self, aggregate: A) -> Mapping[str, Any]:
        """The key columns of ``aggregate`` and their values."""
        return {self.key_name: str(getattr(aggregate, self.key_name))}

    # -- machinery ---------------------------------------------------------------------

    def _key(self, aggregate: A) -> str:
        """The key as people read it, for error messages."""
        return "/".join(str(value) for value in self.key_of(aggregate).values())

    @property
    def _key_column(self) -> ColumnElement[Any]:
        return self.table.c[self.key_name]

    def _execute(
        self,
        statement: Any,
        key: str = "",
        parameters: Mapping[str, Any] | None = None,
        *,
        write: bool | None = None,
    ) -> Any:
        """Run ``statement``, in the transaction when it is a ``write``.

        By default a write is a statement that changes rows or locks them.
        """
        if write is None:
            write = is_write(statement)
        with translated(self.entity, key):
            return self._session.execute(statement, parameters, write=write)

    def _execute_many(self, statement: Any, rows: list[dict[str, Any]], key: str = "") -> None:
        with translated(self.entity, key):
            self._session.connection().execute(statement, rows)

    def _load_rows(self, rows: Sequence[Any]) -> list[A]:
        return [load(row.doc, self.cls) for row in rows]

    def _get(self, key: str, *more: str) -> A | None:
        """The aggregate under ``key`` (and the further parts of a composite key).

        One statement compiled once per table, sent to the driver; the document is
        decoded once for all units of work (the storage's cache).
        """
        values = (key, *more)
        session = self._session
        table = self.table
        names = self._key_columns
        prepared = _GETS.get(
            (table.name, names, session.dialect),
            session.engine.dialect,
            lambda bind: select(table.c.version, table.c.doc).where(
                *(table.c[n] == bind(n, v) for n, v in zip(names, values, strict=True))
            ),
        )
        parameters = prepared.bind(dict(zip(names, values, strict=True)))
        rows = session.read(prepared.sql, parameters, self.entity, "/".join(values))
        if not rows:
            return None
        version, doc = rows[0]
        return session.cache.load((table.name, values, version), doc, self.cls)

    def _get_many(self, keys: Sequence[str]) -> list[A]:
        """The aggregates stored under ``keys`` (a one-column key), in no order.

        One statement for up to 128 keys, its ``IN`` list padded to a power of two so
        that each length is compiled once; documents decoded through the cache.
        """
        (name,) = self._key_columns
        session = self._session
        table = self.table
        found: list[A] = []
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), _MANY):
            chunk = unique[start : start + _MANY]
            size = 1 << (len(chunk) - 1).bit_length()
            values = {f"k{index}": chunk[min(index, len(chunk) - 1)] for index in range(size)}

            def build(bind: Binder, values: dict[str, str] = values) -> Select[Any]:
                column = table.c[name]
                listed = [bind(n, v) for n, v in values.items()]
                return select(column, table.c.version, table.c.doc).where(column.in_(listed))

            shape = (table.name, ("in", size), session.dialect)
            prepared = _GETS.get(shape, session.engine.dialect, build)
            rows = session.read(prepared.sql, prepared.bind(values), self.entity, chunk[0])
            found += [
                session.cache.load((table.name, (key,), version), doc, self.cls)
                for key, version, doc in rows
            ]
        return found

    def _one_by(self, **equal: object) -> A | None:
        """The aggregate whose columns hold these values, if any.

        Like :meth:`_get`, one statement compiled once per table and columns, sent to
        the driver (its failures name no value: they may be a fiscal code).
        """
        names = tuple(sorted(equal))
        session = self._session
        table = self.table
        prepared = _GETS.get(
            (table.name, ("by", *names), session.dialect),
            session.engine.dialect,
            lambda bind: (
                select(table.c.doc)
                .where(*(table.c[n] == bind(n, equal[n]) for n in names))
                .limit(1)
            ),
        )
        rows = session.read(prepared.sql, prepared.bind(equal), self.entity)
        return load(rows[0][0], self.cls) if rows else None

    def _many(self, statement: Select[Any]) -> list[A]:
        return self._load_rows(self._execute(statement).all())

    def _row(self, stored: A) -> dict[str, Any]:
        return {
            **self.key_of(stored),
            "version": getattr(stored, "version"),  # noqa: B009 - every aggregate has one
            "doc": dump(stored),
            **self.columns(stored),
        }

    def add(self, aggregate: A) -> A:
        """Insert a new aggregate (version 0); return it stored with version 1."""
        if getattr(aggregate, "version") != 0:  # noqa: B009
            raise FormlavoroError(f"a new {self.entity} must have version 0")
        stored = attrs.evolve(aggregate, version=1)  # type: ignore[misc]
        row = self._row(stored)
        table = self.table
        prepared = _WRITES.get(
            (table.name, "insert", tuple(row), self._session.dialect),
            self._session.engine.dialect,
            lambda bind: insert(table).values(
                {name: bind(name, value, table.c[name].type) for name, value in row.items()}
            ),
        )
        self._session.insert(prepared.sql, prepared.bind(row), self.entity, self._key(stored))
        self.after_write(stored)
        return stored

    def update(self, aggregate: A) -> A:
        """Store a changed aggregate whose version is the stored one; return it bumped.

        Like :meth:`add`, one statement compiled once per table and columns, sent to the
        driver; it changes no row when another transaction stored a newer version.
        """
        version: int = getattr(aggregate, "version")  # noqa: B009
        key = self._key(aggregate)
        stored = attrs.evolve(aggregate, version=version + 1)  # type: ignore[misc]
        row = self._row(stored)
        names = self._key_columns
        keys = {f"_key_{name}": row.pop(name) for name in names}
        parameters = {**row, **keys, "_read_version": version}
        table = self.table

        def build(bind: Binder) -> Update:
            where = [table.c[n] == bind(f"_key_{n}", keys[f"_key_{n}"]) for n in names]
            read = table.c.version == bind("_read_version", version)
            values = {n: bind(n, value, table.c[n].type) for n, value in row.items()}
            return update(table).where(*where, read).values(values)

        prepared = _WRITES.get(
            (table.name, "update", tuple(row), self._session.dialect),
            self._session.engine.dialect,
            build,
        )
        if self._session.write(prepared.sql, prepared.bind(parameters), self.entity, key) != 1:
            raise ConcurrencyConflictError(self.entity, key)
        self.after_write(stored)
        return stored
