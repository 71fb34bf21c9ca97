"""One file inside an archive: its bytes as they are decoded, and who judges them.

An archive reader (:mod:`zip_archive`, :mod:`sevenzip`) decodes each entry into an
:class:`EntryData`, which keeps the first :data:`~formats.HEAD_BYTES` bytes and, only
when the entry must itself be looked into (an archive, an Office file, a PDF), the
whole of it. The reader then hands it to an :class:`Inspector`, which judges it and
looks into it with the same budget, one nesting level deeper.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from formlavoro_core.cv.content.formats import HEAD_BYTES, ContentKind, sniff

if TYPE_CHECKING:
    from formlavoro_core.cv.content.hazards import Budget, Hazard

__all__ = ["EntryData", "Inspector"]


class Inspector(Protocol):
    """Judges the files found inside an archive."""

    @property
    def budget(self) -> Budget:
        """The budget shared by everything inside one attachment."""

    def wants_whole(self, kind: ContentKind, depth: int) -> bool:
        """Whether a file of this kind, inside an archive at ``depth``, is looked into."""

    def judge(self, data: EntryData, depth: int) -> Hazard | None:
        """Judge one decoded file of an archive at ``depth`` (the attachment is 0)."""


class EntryData:
    """The decoded bytes of one entry, as much of them as the checks need.

    Bytes are buffered until the head is known; then the rest is kept only if the
    inspector wants the whole entry, or if ``keep`` says so (the parts that a rule
    reads, such as an Office file's ``[Content_Types].xml``).
    """

    __slots__ = ("_body", "_decided", "_depth", "_inspector", "head", "size")

    def __init__(self, inspector: Inspector, depth: int, *, keep: bool = False) -> None:
        self._inspector = inspector
        self._depth = depth
        self.head = b""
        self.size = 0
        self._body: bytearray | None = bytearray()
        self._decided = keep  # a kept entry is kept whatever it is

    def write(self, chunk: bytes) -> None:
        """Take the next decoded bytes."""
        self.size += len(chunk)
        if len(self.head) < HEAD_BYTES:
            self.head += chunk[: HEAD_BYTES - len(self.head)]
        if self._body is not None:
            self._body += chunk
        if not self._decided and len(self.head) >= HEAD_BYTES:
            self._decide()

    def finish(self) -> None:
        """Say that the entry is complete (a short entry decides here)."""
        if not self._decided:
            self._decide()

    @property
    def whole(self) -> bytes | None:
        """All the bytes, if they were kept."""
        return None if self._body is None else bytes(self._body)

    @property
    def kind(self) -> ContentKind:
        """What the head says this file is."""
        return sniff(self.head)

    def _decide(self) -> None:
        self._decided = True
        if not self._inspector.wants_whole(self.kind, self._depth):
            self._body = None
