"""Ports of password hashing, the password blocklist, ticket signing and sealing.

Each holds a secret or a costly algorithm the core must not know (SEC-2, EV-3, ID-8).
"""

from __future__ import annotations

from typing import Protocol

__all__ = ["PasswordBlocklist", "PasswordHasher", "Sealer", "TicketSigner"]


class PasswordHasher(Protocol):
    """One-way password hashing for regional credentials (ID-3, SEC-2)."""

    def hash(self, password: str, /) -> str:
        """Return a self-describing hash (algorithm, parameters, salt) of ``password``."""
        ...

    def verify(self, password_hash: str, password: str, /) -> bool:
        """Tell whether ``password`` matches ``password_hash``; never raises on a mismatch."""
        ...

    def verify_dummy(self, password: str, /) -> None:
        """Spend the same work as :meth:`verify` against a hash that matches nothing.

        Used for unknown usernames so that timing does not reveal which accounts exist.
        """
        ...

    def needs_rehash(self, password_hash: str, /) -> bool:
        """Tell whether ``password_hash`` was made with parameters older than the current."""
        ...


class PasswordBlocklist(Protocol):
    """Commonly used or leaked passwords that regional credentials refuse (SEC-2).

    Entries are NFKC-normalised and case-folded; membership is asked with a password
    in that form. A ``frozenset`` of strings is one.
    """

    def __contains__(self, password: object, /) -> bool:
        """Whether ``password`` is on the list."""
        ...


class TicketSigner(Protocol):
    """Makes check-in codes that cannot be forged (EV-3), e.g. with an HMAC and a secret key."""

    def sign(self, payload: str, /) -> str:
        """Return a code carrying ``payload`` (URL-safe, printable, at most 200 characters)."""
        ...

    def verify(self, code: str, /) -> str | None:
        """Return the payload of an authentic ``code``; ``None`` for anything else."""
        ...


class Sealer(Protocol):
    """Seals short texts with the portal's secret, so that only the portal can make them.

    Used for consent receipts (ID-8): the core writes the text, the seal proves the
    portal wrote it. ``purpose`` separates the uses: a seal made for one purpose never
    verifies for another.
    """

    def seal(self, purpose: str, text: str, /) -> str:
        """Return the seal of ``text`` for ``purpose``: URL-safe, at most 64 characters."""
        ...

    def verify(self, purpose: str, text: str, seal: str, /) -> bool:
        """Whether ``seal`` was made by :meth:`seal` for ``purpose`` and ``text``; never raises."""
        ...
