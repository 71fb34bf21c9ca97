"""Clocks: the system's, and one that tests and examples set by hand."""

from __future__ import annotations

import datetime as dt
import threading

__all__ = ["SettableClock", "SystemClock"]


class SystemClock:
    """The real time, in UTC."""

    def now(self) -> dt.datetime:
        """Return the current instant in UTC."""
        return dt.datetime.now(dt.UTC)


class SettableClock:
    """A clock that stands still until told otherwise (tests, demos, replays).

    >>> clock = SettableClock(dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC))
    >>> clock.advance(dt.timedelta(days=90)).isoformat()
    '2026-05-30T09:00:00+00:00'
    """

    def __init__(self, start: dt.datetime) -> None:
        self._now = self._aware(start)
        self._lock = threading.Lock()

    @staticmethod
    def _aware(instant: dt.datetime) -> dt.datetime:
        if instant.tzinfo is None or instant.utcoffset() is None:
            raise ValueError("the clock needs a timezone-aware datetime")
        return instant.astimezone(dt.UTC)

    def now(self) -> dt.datetime:
        """Return the instant the clock was set to."""
        with self._lock:
            return self._now

    def set(self, instant: dt.datetime) -> dt.datetime:
        """Move the clock to ``instant`` (aware) and return it in UTC."""
        with self._lock:
            self._now = self._aware(instant)
            return self._now

    def advance(self, delta: dt.timedelta) -> dt.datetime:
        """Move the clock forward by ``delta`` and return the new instant."""
        with self._lock:
            self._now += delta
            return self._now
