"""The port of the bytes of CV attachments."""

from __future__ import annotations

from typing import Protocol

__all__ = ["FileStore"]


class FileStore(Protocol):
    """Storage for the bytes of CV attachments. Keys are chosen by the core."""

    def put(self, key: str, content: bytes, /) -> None:
        """Store ``content`` under ``key``, replacing nothing (keys are never reused)."""
        ...

    def get(self, key: str, /) -> bytes | None:
        """Return the bytes stored under ``key``, or ``None`` when there are none."""
        ...

    def delete(self, key: str, /) -> None:
        """Remove ``key``; removing a missing key is not an error."""
        ...
