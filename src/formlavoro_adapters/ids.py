"""Identifiers and secret tokens."""

from __future__ import annotations

import itertools
import secrets
import threading
import uuid

__all__ = ["SecretsTokenGenerator", "SequentialIdGenerator", "UuidIdGenerator"]


class UuidIdGenerator:
    """Random UUID4 identifiers as 32 hex digits."""

    def new_id(self) -> str:
        """Return a new random identifier."""
        return uuid.uuid4().hex


class SequentialIdGenerator:
    """Readable, repeatable identifiers (``id-000001``) for examples and tests.

    >>> ids = SequentialIdGenerator("cv")
    >>> ids.new_id(), ids.new_id()
    ('cv-000001', 'cv-000002')
    """

    def __init__(self, prefix: str = "id") -> None:
        self._prefix = prefix
        self._counter = itertools.count(1)
        self._lock = threading.Lock()

    def new_id(self) -> str:
        """Return the next identifier of the sequence."""
        with self._lock:
            return f"{self._prefix}-{next(self._counter):06d}"


class SecretsTokenGenerator:
    """URL-safe tokens from the operating system's CSPRNG (256 bits by default)."""

    def __init__(self, nbytes: int = 32) -> None:
        if nbytes < 16:  # noqa: PLR2004 - ID-4 asks for at least 128 bits
            raise ValueError("tokens need at least 16 bytes (128 bits)")
        self._nbytes = nbytes

    def new_token(self) -> str:
        """Return a new random token."""
        return secrets.token_urlsafe(self._nbytes)
