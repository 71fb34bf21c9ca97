"""Throttling of failed regional logins, per account and per source address (SEC-2).

Every failed password login counts against two keys: the username tried (whether or not
it exists, so that the answer tells nothing about accounts) and, when the app passes
it, the address the request came from. Once a key has more failures than its free
allowance, further attempts on it wait: the first delay doubles with every further
failure, up to a ceiling. A key is forgotten when it has not failed for a while, and
the account key when its password is entered right.

The counts live in storage (``uow.login_failures``), so they survive restarts and are
shared by every process of the portal.
"""

from __future__ import annotations

import datetime as dt

import attrs

__all__ = ["LoginFailures", "LoginThrottlePolicy", "account_key", "source_key"]


def account_key(username: str) -> str:
    """The throttling key of a username, as typed (trimmed and lower-cased).

    >>> account_key("  Mario.Rossi ")
    'account:mario.rossi'
    """
    return "account:" + username.strip().lower()[:300]


def source_key(address: str) -> str:
    """The throttling key of a request's source address.

    >>> source_key("192.0.2.7")
    'source:192.0.2.7'
    """
    return "source:" + address.strip().lower()[:300]


@attrs.frozen(kw_only=True)
class LoginFailures:
    """How many logins failed lately on one key, and when the last one did."""

    key: str
    failures: int
    last_failure_at: dt.datetime
    version: int = 0


def _positive(_instance: object, attribute: attrs.Attribute[dt.timedelta], value: object) -> None:
    if not isinstance(value, dt.timedelta) or value <= dt.timedelta(0):
        raise ValueError(f"{attribute.name} must be a positive duration")


@attrs.frozen(kw_only=True)
class LoginThrottlePolicy:
    """When failed logins make the next attempt wait.

    Attributes:
        free_per_account: failures of one username before it waits.
        free_per_source: failures from one address before it waits (an address may be
            a shared office or school network, so it gets more).
        first_delay: the wait after the first failure beyond the free ones; it doubles
            with each further failure.
        max_delay: the longest wait.
        forget_after: a key with no failure for longer than this starts again from zero.

    >>> policy = LoginThrottlePolicy()
    >>> start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    >>> [policy.delay(n, free=5).total_seconds() for n in (5, 6, 7, 12)]
    [0.0, 30.0, 60.0, 900.0]
    """

    free_per_account: int = attrs.field(default=5, validator=attrs.validators.ge(1))
    free_per_source: int = attrs.field(default=50, validator=attrs.validators.ge(1))
    first_delay: dt.timedelta = attrs.field(default=dt.timedelta(seconds=30), validator=_positive)
    max_delay: dt.timedelta = attrs.field(default=dt.timedelta(minutes=15), validator=_positive)
    forget_after: dt.timedelta = attrs.field(default=dt.timedelta(hours=24), validator=_positive)

    def delay(self, failures: int, *, free: int) -> dt.timedelta:
        """How long to wait after ``failures`` failures when ``free`` cost nothing."""
        beyond = failures - free
        if beyond <= 0:
            return dt.timedelta(0)
        # Past 2**20 the ceiling is reached whatever the first delay: stop doubling there.
        doubled: dt.timedelta = self.first_delay * (2 ** min(beyond - 1, 20))
        return min(self.max_delay, doubled)

    def free_for(self, key: str) -> int:
        """The free allowance of ``key`` (account or source)."""
        return self.free_per_source if key.startswith("source:") else self.free_per_account

    def waits_until(self, record: LoginFailures | None, now: dt.datetime) -> dt.datetime | None:
        """The instant before which ``record``'s key may not try again, if it is later than now."""
        if record is None or record.last_failure_at < now - self.forget_after:
            return None
        until = record.last_failure_at + self.delay(record.failures, free=self.free_for(record.key))
        return until if until > now else None
