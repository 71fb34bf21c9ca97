"""Ports of time, identifiers and secrets: the core's only sources of what changes.

With a fixed clock and fixed identifiers the core is deterministic; adapters give the
system clock, UUIDs and ``secrets`` tokens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import datetime as dt


__all__ = ["Clock", "IdGenerator", "TokenGenerator"]


class Clock(Protocol):
    """The only source of time for the core."""

    def now(self) -> dt.datetime:
        """Return the current instant as a timezone-aware datetime (any zone; UTC advised)."""
        ...


class IdGenerator(Protocol):
    """Source of identifiers for new aggregates, entries and files."""

    def new_id(self) -> str:
        """Return an identifier never returned before (URL-safe, at most 64 characters)."""
        ...


class TokenGenerator(Protocol):
    """Source of secrets such as password-reset tokens."""

    def new_token(self) -> str:
        """Return a URL-safe random token carrying at least 128 bits of entropy."""
        ...
