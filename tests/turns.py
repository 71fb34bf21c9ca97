"""Chosen interleavings of use cases running in threads, over real in-memory adapters.

:class:`Turns` lets one worker thread run at a time. Each worker stops at every *step*:
a unit of work entered, a repository called, a commit, a clock read. At each stop the
test chooses (hypothesis draws) which stopped worker goes on, until all are done. The
adapters are the real in-memory ones wrapped by :class:`SteppedStorage` and
:class:`SteppedClock`, which only add the stops: the interleavings are those real
threads could produce, chosen instead of left to chance.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Any, Self

from formlavoro_adapters import SettableClock
from formlavoro_core.applications.repository import ApplyingReads
from formlavoro_core.ids import AccountId, OfferId
from formlavoro_core.ports import UnitOfWork, UnitOfWorkFactory

__all__ = ["SteppedClock", "SteppedStorage", "Turns"]

_HANG = 60.0
"""Seconds after which a worker that never stops again is a bug in the test (a hang)."""


class Turns:
    """One worker at a time; ``choose`` picks who moves at each stop."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._local = threading.local()
        self._running: str | None = None
        self._stopped: set[str] = set()
        self._finished: set[str] = set()

    @property
    def in_worker(self) -> bool:
        """Whether the calling thread is one of the workers."""
        return getattr(self._local, "name", None) is not None

    def step(self) -> None:
        """Stop here until chosen (outside a worker, e.g. in the test's setup: no stop)."""
        name: str | None = getattr(self._local, "name", None)
        if name is None:
            return
        with self._condition:
            self._stopped.add(name)
            self._running = None
            self._condition.notify_all()
            if not self._condition.wait_for(lambda: self._running == name, timeout=_HANG):
                raise AssertionError(f"{name} was never chosen again")
            self._stopped.discard(name)

    def run(
        self, workers: dict[str, Callable[[], Any]], choose: Callable[[Sequence[str]], str]
    ) -> dict[str, Any]:
        """Run every worker to its end in the order ``choose`` makes.

        Returns what each worker returned, or the exception it raised.
        """
        outcomes: dict[str, Any] = {}
        self._finished = set()

        def body(name: str, work: Callable[[], Any]) -> None:
            self._local.name = name
            try:
                self.step()
                outcomes[name] = work()
            except BaseException as exc:  # noqa: BLE001 - handed to the test
                outcomes[name] = exc
            finally:
                with self._condition:
                    self._finished.add(name)
                    self._running = None
                    self._condition.notify_all()

        threads = [
            threading.Thread(target=body, args=(name, work), daemon=True)
            for name, work in workers.items()
        ]
        for thread in threads:
            thread.start()
        with self._condition:
            while True:
                settled = self._condition.wait_for(
                    lambda: (
                        self._running is None
                        and len(self._stopped) + len(self._finished) == len(workers)
                    ),
                    timeout=_HANG,
                )
                if not settled:
                    raise AssertionError("a worker neither stopped nor finished")
                if len(self._finished) == len(workers):
                    break
                self._running = choose(sorted(self._stopped))
                self._condition.notify_all()
        for thread in threads:
            thread.join()
        return outcomes


class _SteppedRepository:
    def __init__(self, inner: object, turns: Turns) -> None:
        self._inner = inner
        self._turns = turns

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._inner, name)
        if not callable(attribute):
            return attribute

        def stepped(*args: Any, **kwargs: Any) -> Any:
            self._turns.step()
            return attribute(*args, **kwargs)

        return stepped


class _SteppedUnitOfWork:
    def __init__(self, inner: UnitOfWork, turns: Turns) -> None:
        self._inner = inner
        self._turns = turns

    def __getattr__(self, name: str) -> Any:
        return _SteppedRepository(getattr(self._inner, name), self._turns)

    def __enter__(self) -> Self:
        self._turns.step()
        self._inner.__enter__()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._inner.__exit__(exc_type, exc, tb)

    def applying(self, offer: OfferId, citizen: AccountId) -> ApplyingReads:
        self._turns.step()
        return self._inner.applying(offer, citizen)

    def commit(self) -> None:
        self._turns.step()
        self._inner.commit()

    def rollback(self) -> None:
        self._inner.rollback()


class SteppedStorage:
    """A storage whose units of work stop at entry, at each repository call and at commit."""

    def __init__(self, inner: UnitOfWorkFactory, turns: Turns) -> None:
        self._inner = inner
        self._turns = turns

    def __call__(self, *, exclusive: bool = False) -> Any:
        return _SteppedUnitOfWork(self._inner(exclusive=exclusive), self._turns)


class SteppedClock:
    """A settable clock that stops at each read in a worker, and then moves on by ``tick``."""

    def __init__(self, inner: SettableClock, turns: Turns, tick: dt.timedelta) -> None:
        self.inner = inner
        self._turns = turns
        self._tick = tick

    def now(self) -> dt.datetime:
        """The time; in a worker, after a stop, and the clock moves on by one tick."""
        if not self._turns.in_worker:
            return self.inner.now()
        self._turns.step()
        instant = self.inner.now()
        self.inner.advance(self._tick)
        return instant
