"""Units of work committing from threads at once: what the commit groups' tests share."""

from __future__ import annotations

import time
from collections.abc import Callable

from formlavoro_adapters.sql import SqlStorage
from formlavoro_core.errors import FormlavoroError
from formlavoro_core.testing.marketplace_samples import sample_message

__all__ = ["MESSAGES", "WAIT", "Outcome", "add_after_a_read", "stored", "until"]

MESSAGES = [sample_message(number) for number in range(1, 6)]
WAIT = 10.0
"""Seconds a test waits for threads to reach the state it expects, at most."""

Outcome = dict[str, BaseException | None]
"""What a thread's commit raised (``"failure"``), ``None`` when it committed."""


def until(condition: Callable[[], bool]) -> None:
    """Wait until ``condition`` holds (failing the test after :data:`WAIT` seconds)."""
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, "the threads did not get there"
        time.sleep(0.005)


def stored(storage: SqlStorage) -> list[bool]:
    """Which of :data:`MESSAGES` are stored."""
    with storage() as uow:
        return [uow.messages.get(message.id) is not None for message in MESSAGES]


def add_after_a_read(storage: SqlStorage, indexes: list[int], outcome: Outcome) -> None:
    """Add those of :data:`MESSAGES` after a read (so that they are held), and commit."""
    try:
        with storage() as uow:
            uow.messages.get(MESSAGES[0].id)
            for index in indexes:
                uow.messages.add(MESSAGES[index])
            uow.commit()
        outcome["failure"] = None
    except FormlavoroError as exc:
        outcome["failure"] = exc
