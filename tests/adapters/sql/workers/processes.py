"""Child processes for the crash and concurrency tests, seen from the parent.

A child is a module of this package run with the current interpreter
(``python -m tests.adapters.sql.workers.<name>``) from the repository root. It talks in
lines: the parent writes commands on its standard input, reads answers on its standard
output; a thread collects those lines so that every read has a timeout.
"""

from __future__ import annotations

import contextlib
import json
import pathlib
import queue
import subprocess
import sys
import tempfile
import threading
import time
from types import TracebackType
from typing import IO, Any, Self

__all__ = ["ROOT", "TIMEOUT", "Child", "FileBarrier"]

ROOT = pathlib.Path(__file__).resolve().parents[4]
"""The repository root, from which ``tests`` imports."""

TIMEOUT = 60.0
"""Seconds a child may take to answer: generous, a slow machine must never flake."""


class Child:
    """A running child module; use it as a context manager so it never outlives a test."""

    def __init__(self, module: str, *args: str) -> None:
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 - closed in close()
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", f"tests.adapters.sql.workers.{module}", *args],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            bufsize=1,
        )
        self._lines: queue.Queue[str | None] = queue.Queue()
        assert self.process.stdout is not None
        self._reader = threading.Thread(target=self._read, args=(self.process.stdout,))
        self._reader.daemon = True
        self._reader.start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            self._lines.put(line.rstrip("\n"))
        self._lines.put(None)

    @property
    def pid(self) -> int:
        """The child's process id."""
        return self.process.pid

    def errors(self) -> str:
        """What the child wrote on its standard error so far."""
        self._stderr.seek(0)
        return self._stderr.read().decode(errors="replace")

    def line(self, timeout: float = TIMEOUT) -> str | None:
        """The next line the child printed; ``None`` once it exited."""
        try:
            return self._lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(
                f"child {self.pid} said nothing for {timeout} s:\n{self.errors()}"
            ) from None

    def rest(self) -> list[str]:
        """Every line still unread, up to the child's end (call after it exited)."""
        self._reader.join(TIMEOUT)
        lines = []
        while not self._lines.empty():
            line = self._lines.get_nowait()
            if line is None:
                break
            lines.append(line)
        return lines

    def send(self, command: dict[str, Any]) -> None:
        """Write one command as a JSON line."""
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()

    def answer(self, timeout: float = TIMEOUT) -> dict[str, Any]:
        """Read one JSON answer; fails the test if the child died."""
        line = self.line(timeout)
        if line is None:
            raise AssertionError(f"child {self.pid} exited:\n{self.errors()}")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def end_input(self) -> None:
        """Close the child's standard input: a serving child then finishes on its own."""
        if self.process.stdin is not None and not self.process.stdin.closed:
            with contextlib.suppress(OSError):  # it is gone already
                self.process.stdin.close()

    def close(self) -> None:
        """Stop the child (end of input, then a kill if it lingers) and free everything."""
        self.end_input()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.process.wait(timeout=TIMEOUT)
        self._reader.join(TIMEOUT)
        if self.process.stdout is not None:
            self.process.stdout.close()
        self._stderr.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class FileBarrier:
    """A barrier across processes: a folder where each party leaves a file, then waits.

    Cheap enough to hold processes at one precise statement: each polls every
    half-millisecond until all parties arrived.
    """

    def __init__(self, folder: str | pathlib.Path, parties: int) -> None:
        self.folder = pathlib.Path(folder)
        self.parties = parties

    def wait(self, name: str, timeout: float = TIMEOUT) -> bool:
        """Arrive as ``name`` and wait for the others; ``False`` if they never came."""
        (self.folder / name).touch()
        deadline = time.monotonic() + timeout
        while sum(1 for _ in self.folder.iterdir()) < self.parties:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.0005)
        return True
