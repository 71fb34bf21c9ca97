"""In-memory storage: a unit of work with optimistic concurrency over plain dicts.

Each unit of work stages its writes privately and applies them at commit, atomically,
after checking that nothing it read-and-changed was committed by someone else in the
meantime. It is the reference that the SQL adapters are tested against.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar

import attrs

from formlavoro_core.errors import ConcurrencyConflictError, DuplicateKeyError, FormlavoroError

if TYPE_CHECKING:
    import datetime as dt

    from formlavoro_core.cv.model import Cv
    from formlavoro_core.identity.fiscal_code import FiscalCode
    from formlavoro_core.identity.model import Account
    from formlavoro_core.identity.password_reset import PasswordReset
    from formlavoro_core.ids import AccountId, CvId
    from formlavoro_core.messaging.outbox import OutboxMessage

__all__ = ["InMemoryStorage", "InMemoryUnitOfWork"]

A = TypeVar("A")


@attrs.frozen
class _Schema:
    name: str
    key: Callable[[Any], str]
    unique: dict[str, Callable[[Any], str | None]]


_ACCOUNTS = _Schema(
    "account",
    lambda a: a.id,
    {
        "fiscal_code": lambda a: str(a.fiscal_code),
        "username": lambda a: a.regional.username if a.regional else None,
    },
)
_RESETS = _Schema("password_reset", lambda r: r.token_hash, {})
_CVS = _Schema("cv", lambda c: c.id, {"owner": lambda c: c.owner})
_OUTBOX = _Schema("outbox_message", lambda m: m.id, {})
_SCHEMAS = (_ACCOUNTS, _RESETS, _CVS, _OUTBOX)


class _Table:
    """Committed rows of one aggregate type, with their unique indexes."""

    def __init__(self, schema: _Schema) -> None:
        self.schema = schema
        self.rows: dict[str, Any] = {}
        self.indexes: dict[str, dict[str, str]] = {name: {} for name in schema.unique}

    def put(self, row: Any) -> None:
        """Store ``row``, moving its unique index entries."""
        key = self.schema.key(row)
        old = self.rows.get(key)
        for name, extract in self.schema.unique.items():
            index = self.indexes[name]
            if old is not None and (old_value := extract(old)) is not None:
                index.pop(old_value, None)
            if (value := extract(row)) is not None:
                index[value] = key
        self.rows[key] = row


class InMemoryStorage:
    """The committed state of an in-memory portal; call it to get a unit of work.

    >>> storage = InMemoryStorage()
    >>> with storage() as uow:
    ...     uow.accounts.by_username("nobody") is None
    True
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tables = {schema.name: _Table(schema) for schema in _SCHEMAS}

    def __call__(self) -> InMemoryUnitOfWork:
        """Return a new unit of work over this storage."""
        return InMemoryUnitOfWork(self)

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

    def apply(self, staged: dict[str, dict[str, tuple[int, Any]]]) -> None:
        """Check and apply a unit of work's writes atomically, or raise a conflict."""
        with self._lock:
            for table_name, writes in staged.items():
                table = self._tables[table_name]
                for key, (base_version, _) in writes.items():
                    current = table.rows.get(key)
                    current_version = 0 if current is None else current.version
                    if current_version != base_version:
                        raise ConcurrencyConflictError(table_name, key)
                for name, extract in table.schema.unique.items():
                    claimed: dict[str, str] = {}
                    for key, (_, row) in writes.items():
                        value = extract(row)
                        if value is None:
                            continue
                        holder = table.indexes[name].get(value)
                        stays = holder is not None and holder != key and holder not in writes
                        if stays or claimed.get(value, key) != key:
                            raise DuplicateKeyError(table_name, f"{name}={value}")
                        claimed[value] = key
            for table_name, writes in staged.items():
                for _, row in writes.values():
                    self._tables[table_name].put(row)


class _Repository(Generic[A]):
    """Reads through the unit of work's staged writes to the committed state."""

    def __init__(self, uow: InMemoryUnitOfWork, schema: _Schema) -> None:
        self._uow = uow
        self._schema = schema

    def _staged(self) -> dict[str, tuple[int, Any]]:
        return self._uow.staged.setdefault(self._schema.name, {})

    def _get(self, key: str) -> A | None:
        self._uow.require_active()
        staged = self._staged().get(key)
        if staged is not None:
            return staged[1]  # type: ignore[no-any-return]
        return self._uow.storage.read(self._schema.name, key)  # type: ignore[no-any-return]

    def _unique(self, index: str, value: str) -> A | None:
        self._uow.require_active()
        extract = self._schema.unique[index]
        for _, row in self._staged().values():
            if extract(row) == value:
                return row  # type: ignore[no-any-return]
        committed = self._uow.storage.lookup(self._schema.name, index, value)
        if committed is None:
            return None
        current = self._get(self._schema.key(committed))
        return current if current is not None and extract(current) == value else None

    def _all(self) -> Iterator[A]:
        self._uow.require_active()
        rows = {self._schema.key(row): row for row in self._uow.storage.scan(self._schema.name)}
        rows.update({key: row for key, (_, row) in self._staged().items()})
        return iter(rows.values())

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
                raise DuplicateKeyError(self._schema.name, f"{index}={value}")
        stored = attrs.evolve(aggregate, version=1)  # type: ignore[misc]
        self._staged()[key] = (0, stored)
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
                    raise DuplicateKeyError(self._schema.name, f"{index}={value}")
        staged = self._staged()
        base = staged[key][0] if key in staged else version
        stored = attrs.evolve(aggregate, version=version + 1)  # type: ignore[misc]
        staged[key] = (base, stored)
        return stored


class _Accounts(_Repository["Account"]):
    def get(self, account_id: AccountId) -> Account | None:
        return self._get(account_id)

    def by_fiscal_code(self, fiscal_code: FiscalCode) -> Account | None:
        return self._unique("fiscal_code", str(fiscal_code))

    def by_username(self, username: str) -> Account | None:
        return self._unique("username", username)


class _PasswordResets(_Repository["PasswordReset"]):
    def get(self, token_hash: str) -> PasswordReset | None:
        return self._get(token_hash)

    def for_account(self, account_id: AccountId) -> Sequence[PasswordReset]:
        found = [reset for reset in self._all() if reset.account_id == account_id]
        return sorted(found, key=lambda reset: (reset.issued_at, reset.token_hash))


class _Cvs(_Repository["Cv"]):
    def get(self, cv_id: CvId) -> Cv | None:
        return self._get(cv_id)

    def by_owner(self, owner: AccountId) -> Cv | None:
        return self._unique("owner", owner)

    def due_for_reminder(self, *, expiring_before: dt.datetime, now: dt.datetime) -> Sequence[Cv]:
        due = [
            cv
            for cv in self._all()
            if cv.publication is not None
            and cv.publication.reminder_sent_at is None
            and now < cv.publication.expires_at < expiring_before
        ]
        return sorted(due, key=lambda cv: (cv.publication.expires_at, cv.id))  # type: ignore[union-attr]


class _Outbox(_Repository["OutboxMessage"]):
    def pending(self, *, limit: int, now: dt.datetime) -> Sequence[OutboxMessage]:
        waiting = [message for message in self._all() if message.is_available(now)]
        return sorted(waiting, key=lambda message: (message.created_at, message.id))[:limit]


class InMemoryUnitOfWork:
    """One transaction over the in-memory storage (see ``formlavoro_core.ports.UnitOfWork``)."""

    def __init__(self, storage: InMemoryStorage) -> None:
        self.storage = storage
        self.staged: dict[str, dict[str, tuple[int, Any]]] = {}
        self._active = False
        self.accounts = _Accounts(self, _ACCOUNTS)
        self.password_resets = _PasswordResets(self, _RESETS)
        self.cvs = _Cvs(self, _CVS)
        self.outbox = _Outbox(self, _OUTBOX)

    def require_active(self) -> None:
        """Refuse to work outside the ``with`` block (a bug in the caller)."""
        if not self._active:
            raise FormlavoroError("use the unit of work inside a 'with' block")

    def __enter__(self) -> Self:
        if self._active:
            raise FormlavoroError("this unit of work is already in use")
        self._active = True
        self.staged = {}
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.rollback()
        self._active = False

    def commit(self) -> None:
        """Apply the staged writes atomically, or raise a conflict and apply none."""
        self.require_active()
        staged, self.staged = self.staged, {}
        self.storage.apply(staged)

    def rollback(self) -> None:
        """Discard the staged writes."""
        self.staged = {}
