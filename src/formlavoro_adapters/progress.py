"""Progress of long work: a callback, and a bar on the console.

Long operations (:func:`formlavoro_adapters.sql.bulk.load_offers`,
:func:`formlavoro_adapters.sql.upgrade`) take ``progress``, a callable told how far
they are. :class:`ConsoleBar` is one that draws a bar on a terminal (standard error by
default), redrawn in place, and plain lines when the stream is not a terminal.

>>> import io
>>> out = io.StringIO()
>>> bar = ConsoleBar("offers", total=4, stream=out, width=8)
>>> for done in (2, 4):
...     bar(done)
>>> bar.close()
>>> print(out.getvalue(), end="")
offers [####    ] 2/4 50%
offers [########] 4/4 100%
"""

from __future__ import annotations

import sys
from typing import TextIO

__all__ = ["ConsoleBar"]


class ConsoleBar:
    """A progress bar: call it with how much is done (of ``total``, if known)."""

    def __init__(
        self,
        label: str,
        *,
        total: int | None = None,
        stream: TextIO | None = None,
        width: int = 30,
    ) -> None:
        self.label = label
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        self.width = width
        self._live = self.stream.isatty()
        self._drawn = False

    def __call__(self, done: int, total: int | None = None) -> None:
        """Show that ``done`` units are done (``total`` updates the total)."""
        if total is not None:
            self.total = total
        if self.total:
            filled = min(self.width, self.width * done // self.total)
            bar = "#" * filled + " " * (self.width - filled)
            line = f"{self.label} [{bar}] {done}/{self.total} {100 * done // self.total}%"
        else:
            line = f"{self.label}: {done:,}"
        if self._live:
            self.stream.write("\r\x1b[2K" + line)
        else:
            self.stream.write(line + "\n")
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        """End the bar's line on a terminal."""
        if self._live and self._drawn:
            self.stream.write("\n")
            self.stream.flush()
