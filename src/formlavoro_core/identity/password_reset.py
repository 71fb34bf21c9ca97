"""Password resets for regional credentials (ID-4).

The token itself is emailed and never stored: only its SHA-256 is, so a copy of the
database cannot be used to take over accounts. A token is single-use, expires after
30 minutes by default, and is invalidated by a successful reset or a newer token.

Every request is recorded, whether or not it matched an account: a request that matched
none has no ``account_id``, its token was sent nowhere, and it never resets anything.
Recording both alike is what makes the two cost the same (ID-4).
"""

from __future__ import annotations

import datetime as dt
import hashlib

import attrs

from formlavoro_core.ids import AccountId

__all__ = ["PasswordReset", "hash_token"]


def hash_token(token: str) -> str:
    """Return the hex SHA-256 of a reset token, the only form in which it is stored.

    >>> hash_token("abc")[:16]
    'ba7816bf8f01cfea'
    """
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@attrs.frozen(kw_only=True)
class PasswordReset:
    """One reset request: the link sent to one account, or none (``account_id`` is ``None``)."""

    token_hash: str
    account_id: AccountId | None
    issued_at: dt.datetime
    expires_at: dt.datetime
    used_at: dt.datetime | None = None
    superseded_at: dt.datetime | None = None
    version: int = 0

    def is_usable(self, now: dt.datetime) -> bool:
        """Whether the token may still reset the password at ``now`` (before a newer one)."""
        return (
            self.account_id is not None
            and self.used_at is None
            and self.superseded_at is None
            and now < self.expires_at
        )

    def used(self, at: dt.datetime) -> PasswordReset:
        """Return the reset consumed at ``at``."""
        return attrs.evolve(self, used_at=at)

    def superseded(self, at: dt.datetime) -> PasswordReset:
        """Return the reset invalidated at ``at`` by a newer one or a successful reset."""
        return attrs.evolve(self, superseded_at=at)
