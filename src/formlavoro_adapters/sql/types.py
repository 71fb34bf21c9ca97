"""Column types shared by SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import DateTime, String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

__all__ = ["Instant", "sqlite_text"]


def sqlite_text(instant: dt.datetime) -> str:
    """``instant`` (aware) as the fixed-width UTC text SQLite keeps and compares."""
    utc = instant.astimezone(dt.UTC).replace(tzinfo=None)
    return utc.isoformat(timespec="microseconds") + "+00:00"


class Instant(TypeDecorator[dt.datetime]):
    """A timezone-aware instant, stored in UTC.

    PostgreSQL keeps a ``timestamptz``. SQLite keeps fixed-width ISO 8601 text in UTC
    (``2026-03-02T09:00:00.000000+00:00``), whose text order is the time order, so
    indexes and keyset comparisons work on it. Values come back in UTC.
    """

    impl = String(32)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        """Use ``timestamptz`` on PostgreSQL, text elsewhere."""
        if dialect.name == "postgresql":
            return dialect.type_descriptor(DateTime(timezone=True))
        return dialect.type_descriptor(String(32))

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        """Refuse naive datetimes; send UTC."""
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("naive datetimes are not stored")
        utc = value.astimezone(dt.UTC)
        if dialect.name == "postgresql":
            return utc
        return sqlite_text(utc)

    def process_result_value(
        self,
        value: Any,
        dialect: Dialect,  # noqa: ARG002 - the signature of TypeDecorator
    ) -> dt.datetime | None:
        """Return an aware datetime in UTC."""
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.astimezone(dt.UTC)
        return dt.datetime.fromisoformat(value).astimezone(dt.UTC)
