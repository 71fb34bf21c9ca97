"""The machinery of in-memory storage: tables, unique indexes, staged writes.

Each unit of work stages its writes privately and applies them at commit, atomically,
after checking that nothing it read-and-changed was committed by someone else in the
meantime. Repositories of every context build on :class:`Repository`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Generic, Protocol, TypeVar

import attrs

from formlavoro_core.errors import ConcurrencyConflictError, DuplicateKeyError, FormlavoroError

__all__ = ["Repository", "Schema", "Session", "Store", "joined_key"]

A = TypeVar("A")
D = TypeVar("D")


def joined_key(*parts: str) -> str:
    """One key for a row keyed by several ids, readable and never ambiguous.

    A slash or backslash inside an id is escaped, so ``("a/b", "c")`` and ``("a", "b/c")``
    stay two keys.

    >>> joined_key("event-1", "account-2"), joined_key("a/b", "c") != joined_key("a", "b/c")
    ('event-1/account-2', True)
    """
    return "/".join(part.replace("\\", "\\\\").replace("/", "\\/") for part in parts)


@attrs.frozen
class Schema:
    """One aggregate type: its table name, its key, and its unique indexes."""

    name: str
    key: Callable[[Any], str]
    unique: dict[str, Callable[[Any], str | None]]


class _Table:
    """Committed rows of one aggregate type, with their unique indexes."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.rows: dict[str, Any] = {}
        self.indexes: dict[str, dict[str, str]] = {name: {} for name in schema.unique}

    def put(self, row: Any) -> None:
        """Store ``row``, moving its unique index entries."""
        key = self.schema.key(row)
        self._unindex(key)
        for name, extract in self.schema.unique.items():
            if (value := extract(row)) is not None:
                self.indexes[name][value] = key
        self.rows[key] = row

    def remove(self, key: str) -> None:
        """Delete the row under ``key`` and its unique index entries."""
        self._unindex(key)
        self.rows.pop(key, None)

    def _unindex(self, key: str) -> None:
        old = self.rows.get(key)
        for name, extract in self.schema.unique.items():
            index = self.indexes[name]
            if old is not None and (old_value := extract(old)) is not None:
                index.pop(old_value, None)


class Store:
    """Committed rows of every table, guarded by one lock."""

    def __init__(self, schemas: Iterable[Schema]) -> None:
        self._lock = threading.Lock()
        self._tables = {schema.name: _Table(schema) for schema in schemas}
        self._derived: dict[str, Any] = {}

    def derived(self, table: str, build: Callable[[list[Any]], D]) -> D:
        """A structure ``build`` makes from every committed row of ``table``.

        Built once, then kept until a commit writes to ``table`` (searches of a table
        that rarely changes then cost what the structure answers in, not a scan).
        Always the same ``build`` for a table.
        """
        with self._lock:
            found = self._derived.get(table)
            if found is None:
                found = build(list(self._tables[table].rows.values()))
                self._derived[table] = found
            return found

    def dump(self) -> dict[str, dict[str, Any]]:
        """A copy of everything committed, table by table (to compare before and after)."""
        with self._lock:
            return {name: dict(table.rows) for name, table in self._tables.items()}

    def read(self, table: str, key: str) -> Any:
        """The committed row of ``table`` under ``key``, or ``None``."""
        with self._lock:
            return self._tables[table].rows.get(key)

    def lookup(self, table: str, index: str, value: str) -> Any:
        """The committed row of ``table`` whose unique ``index`` is ``value``, or ``None``."""
        with self._lock:
            committed = self._tables[table]
            key = committed.indexes[index].get(value)
            return None if key is None else committed.rows[key]

    def scan(self, table: str) -> list[Any]:
        """Every committed row of ``table``."""
        with self._lock:
            return list(self._tables[table].rows.values())

    def rows(self, table: str) -> dict[str, Any]:
        """A copy of the committed rows of ``table`` by key."""
        with self._lock:
            return dict(self._tables[table].rows)

    def apply(self, staged: dict[str, dict[str, tuple[int, Any]]]) -> None:
        """Check and apply a unit of work's writes atomically, or raise a conflict."""
        with self._lock:
            for table_name, writes in staged.items():
                self._check(table_name, writes)
            for table_name, writes in staged.items():
                if writes:
                    self._derived.pop(table_name, None)
                for key, (_, row) in writes.items():
                    if row is None:  # staged deletion
                        self._tables[table_name].remove(key)
                    else:
                        self._tables[table_name].put(row)

    def _check(self, table_name: str, writes: dict[str, tuple[int, Any]]) -> None:
        """Refuse writes based on a stale version, or claiming a unique value held."""
        table = self._tables[table_name]
        for key, (base_version, _) in writes.items():
            current = table.rows.get(key)
            current_version = 0 if current is None else current.version
            if current_version != base_version:
                raise ConcurrencyConflictError(table_name, key)
        for name, extract in table.schema.unique.items():
            claimed: dict[str, str] = {}
            for key, (_, row) in writes.items():
                if row is None:  # a staged deletion claims nothing
                    continue
                value = extract(row)
                if value is None:
                    continue
                holder = table.indexes[name].get(value)
                stays = holder is not None and holder != key and holder not in writes
                if stays or claimed.get(value, key) != key:
                    raise DuplicateKeyError(table_name, name)
                claimed[value] = key


class Session(Protocol):
    """What a repository needs from its unit of work."""

    store: Store
    staged: dict[str, dict[str, tuple[int, Any]]]

    def require_active(self) -> None:
        """Refuse to work outside the ``with`` block."""
        ...


class Repository(Generic[A]):
    """Reads through the unit of work's staged writes to the committed state."""

    def __init__(self, uow: Session, schema: Schema) -> None:
        self._uow = uow
        self._schema = schema
        self._claims_of: dict[str, tuple[int, Any]] | None = None
        self._claims: dict[str, dict[str, str]] = {}

    def _staged(self) -> dict[str, tuple[int, Any]]:
        return self._uow.staged.setdefault(self._schema.name, {})

    def _staged_claims(self) -> dict[str, dict[str, str]]:
        """The unique values the staged rows hold: index name, value, then row key.

        Kept beside the staged rows of this unit of work (made again for a new
        transaction's), so that checking a unique value costs a look-up, not a scan
        of every row staged so far.
        """
        staged = self._staged()
        if self._claims_of is not staged:
            self._claims_of = staged
            self._claims = {name: {} for name in self._schema.unique}
            for key, (_, row) in staged.items():
                self._claim(key, row)
        return self._claims

    def _claim(self, key: str, row: Any) -> None:
        if row is None:
            return
        for name, extract in self._schema.unique.items():
            if (value := extract(row)) is not None:
                self._claims[name][value] = key

    def _stage(self, key: str, base: int, row: Any) -> None:
        """Stage ``row`` (``None`` to delete) under ``key``, read at version ``base``.

        Every staged write goes through here, to keep the staged claims right.
        """
        claims = self._staged_claims()
        staged = self._staged()
        old = staged.get(key)
        if old is not None and old[1] is not None:
            for name, extract in self._schema.unique.items():
                value = extract(old[1])
                if value is not None and claims[name].get(value) == key:
                    del claims[name][value]
        staged[key] = (base, row)
        self._claim(key, row)

    def _get(self, key: str) -> A | None:
        self._uow.require_active()
        staged = self._staged().get(key)
        if staged is not None:
            return staged[1]  # type: ignore[no-any-return]
        return self._uow.store.read(self._schema.name, key)  # type: ignore[no-any-return]

    def _unique(self, index: str, value: str) -> A | None:
        self._uow.require_active()
        extract = self._schema.unique[index]
        claimed = self._staged_claims()[index].get(value)
        if claimed is not None:
            return self._staged()[claimed][1]  # type: ignore[no-any-return]
        committed = self._uow.store.lookup(self._schema.name, index, value)
        if committed is None:
            return None
        current = self._get(self._schema.key(committed))
        return current if current is not None and extract(current) == value else None

    def _has_staged(self) -> bool:
        """Whether this unit of work has written to the table."""
        return bool(self._uow.staged.get(self._schema.name))

    def _all(self) -> Iterator[A]:
        self._uow.require_active()
        staged = self._uow.staged.get(self._schema.name)
        if not staged:
            return iter(self._uow.store.scan(self._schema.name))
        rows = self._uow.store.rows(self._schema.name)
        rows.update({key: row for key, (_, row) in staged.items()})
        return (row for row in rows.values() if row is not None)

    def _remove(self, key: str) -> None:
        """Stage the deletion of the row under ``key`` (nothing when there is none)."""
        current = self._get(key)
        if current is None:
            return
        staged = self._staged()
        base = staged[key][0] if key in staged else current.version  # type: ignore[attr-defined]
        self._stage(key, base, None)

    def add(self, aggregate: A) -> A:
        self._uow.require_active()
        key = self._schema.key(aggregate)
        if aggregate.version != 0:  # type: ignore[attr-defined]
            raise FormlavoroError(f"new {self._schema.name} must have version 0")
        if self._get(key) is not None:
            raise DuplicateKeyError(self._schema.name, key)
        for index, extract in self._schema.unique.items():
            value = extract(aggregate)
            if value is not None and self._unique(index, value) is not None:
                raise DuplicateKeyError(self._schema.name, index)
        stored = attrs.evolve(aggregate, version=1)  # type: ignore[misc]
        self._stage(key, 0, stored)
        return stored

    def update(self, aggregate: A) -> A:
        self._uow.require_active()
        key = self._schema.key(aggregate)
        current = self._get(key)
        version: int = aggregate.version  # type: ignore[attr-defined]
        if current is None or current.version != version:  # type: ignore[attr-defined]
            raise ConcurrencyConflictError(self._schema.name, key)
        for index, extract in self._schema.unique.items():
            value = extract(aggregate)
            if value is not None:
                holder = self._unique(index, value)
                if holder is not None and self._schema.key(holder) != key:
                    raise DuplicateKeyError(self._schema.name, index)
        staged = self._staged()
        base = staged[key][0] if key in staged else version
        stored = attrs.evolve(aggregate, version=version + 1)  # type: ignore[misc]
        self._stage(key, base, stored)
        return stored
