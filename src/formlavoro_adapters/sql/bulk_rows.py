"""Rows of new aggregates for bulk loading, prepared without repeated work.

What :mod:`~formlavoro_adapters.sql.bulk` and :mod:`~formlavoro_adapters.sql.bulk_cvs`
send to the driver: plain tuples in the tables' column order, the same values
``uow.offers.add`` / ``uow.cvs.add`` store.

* The JSON document is written by ``orjson`` straight from the aggregate's fields:
  strings, numbers, booleans, enums, dates, UTC instants and tuples of them natively;
  nested records (and instants in other zones) through the trusted document codec, as
  :func:`documents.dump` writes them (the text is the same, character for character).
* SQLite's instants are formatted once, on the fast path for UTC ones.
* Profession levels are worked out once per code (``offer_columns``).
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Mapping, Sequence
from operator import attrgetter
from typing import Any

import attrs
import orjson
from sqlalchemy import Column, Table

from formlavoro_adapters.sql.documents import unstructure
from formlavoro_adapters.sql.types import Instant, sqlite_text

__all__ = ["Columns", "DocumentWriter", "instant_text"]

_NATIVE = orjson.OPT_PASSTHROUGH_DATACLASS
_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | _NATIVE


def instant_text(value: dt.datetime | None) -> str | None:
    """``value`` as SQLite keeps it (see :func:`~.types.sqlite_text`), fast when in UTC."""
    if value is None:
        return None
    if value.tzinfo is dt.UTC:
        return value.isoformat(timespec="microseconds")
    return sqlite_text(value)


def _nested(value: object) -> Any:
    """What orjson does not write itself, as the document codec writes it."""
    if isinstance(value, dt.date):  # datetimes too
        return value.isoformat()
    return unstructure(value)


class DocumentWriter:
    """Writes aggregates of one attrs class as their stored JSON documents."""

    def __init__(self, cls: type) -> None:
        fields = attrs.fields(cls)
        self._names = tuple(field.name for field in fields)
        self._values = attrgetter(*self._names)
        hints = typing.get_type_hints(cls)
        self._instants = tuple(
            index
            for index, field in enumerate(fields)
            if dt.datetime in (hints[field.name], *typing.get_args(hints[field.name]))
        )

    def __call__(self, aggregate: object, *, version: int) -> str:
        """The document of ``aggregate`` at ``version``, as ``documents.dump`` writes it."""
        values = self._values(aggregate)
        document = dict(zip(self._names, values, strict=True))
        document["version"] = version
        # orjson writes a UTC instant as ``isoformat`` does; any other through the codec.
        utc = all(
            values[index] is None or values[index].tzinfo is dt.UTC for index in self._instants
        )
        options = _NATIVE if utc else _OPTIONS
        return orjson.dumps(document, default=_nested, option=options).decode()


class Columns:
    """A table's columns (bar the ones the database fills) as a driver's plain tuples."""

    def __init__(self, table: Table, dialect: str, *, skip: Sequence[str] = ()) -> None:
        self.columns: tuple[Column[Any], ...] = tuple(c for c in table.c if c.name not in skip)
        self.names = tuple(column.name for column in self.columns)
        sqlite = dialect != "postgresql"
        instants = frozenset(
            column.name for column in self.columns if sqlite and isinstance(column.type, Instant)
        )
        self._at = tuple(index for index, name in enumerate(self.names) if name in instants)

    def row(self, values: Mapping[str, Any]) -> tuple[Any, ...]:
        """The tuple of ``values`` (by column name), converted for the driver."""
        row = [values[name] for name in self.names]
        for index in self._at:
            row[index] = instant_text(row[index])
        return tuple(row)

    def insert(self, table: str, placeholder: str = "?") -> str:
        """``INSERT INTO table (columns) VALUES (...)``, for ``executemany``."""
        # Names come from the table definition, never from data.
        return "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
            table, ", ".join(self.names), ", ".join(placeholder for _ in self.names)
        )

    def copy(self, table: str) -> str:
        """``COPY table (columns) FROM STDIN``, for PostgreSQL."""
        return "COPY {} ({}) FROM STDIN".format(table, ", ".join(self.names))
