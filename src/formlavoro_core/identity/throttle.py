"""Throttling of regional logins and password-reset requests (SEC-2, SEC-6, ID-4).

**Count first, then verify.** A login attempt reserves its place before any password
is checked: one unit of work holds the attempt's records (a row lock or the write lock
on SQL storage), checks every limit and counts the attempt on each key, or counts
nothing and answers ``LoginThrottled``. Only a reserved attempt verifies a password,
so N attempts at once against a limit of L make at most L verifications, whatever
the interleaving. A right password then gives the reservation back (see below).

**Keys.** An attempt counts on three keys, so that nobody can lock the owner out by
failing on purpose:

- the username *and* the source address together (:func:`pair_key`): the strict
  limit. An attacker cannot touch the owner's pair without the owner's address;
- the source address (:func:`source_key`; an IPv6 address counts as its /64
  network, which one subscriber usually holds whole): a looser limit, since offices
  and schools share addresses;
- the username alone (:func:`account_key`): only a backstop, after NIST SP 800-63B
  §5.2.2 (at most 100 consecutive failures per account). Past it, the account
  accepts its password only from the addresses it was entered right from before
  (the account's known sources), until a right password from one of them or a
  password reset clears it, or until it has had no failure for ``forget_after``.

A right password clears the pair and the account backstop and gives back the one
attempt it reserved on the address. Password-reset requests count on their own
username and address keys (:func:`reset_account_key`, :func:`reset_source_key`),
every request, whether or not the account exists.

The records live in storage (``uow.login_failures``), so they survive restarts and are
shared by every process of the portal.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress

import attrs

__all__ = [
    "MAX_NIST_BACKSTOP",
    "LoginFailures",
    "LoginThrottlePolicy",
    "account_key",
    "pair_key",
    "reset_account_key",
    "reset_source_key",
    "source_digest",
    "source_key",
]

MAX_NIST_BACKSTOP = 100
"""NIST SP 800-63B §5.2.2: at most 100 consecutive failed attempts on one account."""

_KEY_TEXT = 300  # usernames and addresses longer than this are cut (the column holds 320)
_IPV6_SUBSCRIBER_PREFIX = 64


def _username(username: str) -> str:
    return username.strip().lower()[:_KEY_TEXT]


def _address(address: str) -> str:
    """An address as it is counted: IPv6 by its /64, anything else as typed (lower case).

    >>> _address(" 2001:DB8:0:1:aa::7 "), _address("192.0.2.7"), _address("Proxy-1")
    ('2001:db8:0:1::/64', '192.0.2.7', 'proxy-1')
    """
    text = address.strip().lower()
    try:
        parsed = ipaddress.ip_address(text)
    except ValueError:
        return text[:_KEY_TEXT]
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network((parsed, _IPV6_SUBSCRIBER_PREFIX), strict=False))
    return str(parsed)


def account_key(username: str) -> str:
    """The backstop key of a username, as typed (trimmed and lower-cased).

    >>> account_key("  Mario.Rossi ")
    'account:mario.rossi'
    """
    return "account:" + _username(username)


def source_key(address: str) -> str:
    """The key of a request's source address (an IPv6 address by its /64 network).

    >>> source_key("192.0.2.7"), source_key("2001:db8::1")
    ('source:192.0.2.7', 'source:2001:db8::/64')
    """
    return "source:" + _address(address)


def source_digest(username: str, address: str) -> str:
    """A digest of one username with one address: names the pair without storing either.

    >>> len(source_digest("anna", "192.0.2.7")), source_digest("Anna ", "192.0.2.7") == (
    ...     source_digest("anna", "192.0.2.7"))
    (32, True)
    """
    text = f"formlavoro.source\x00{_username(username)}\x00{_address(address)}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def pair_key(username: str, address: str) -> str:
    """The strict key of one username tried from one address.

    >>> pair_key("anna", "192.0.2.7").startswith("pair:")
    True
    """
    return "pair:" + source_digest(username, address)


def reset_account_key(username: str) -> str:
    """The key counting password-reset requests for a username (ID-4).

    >>> reset_account_key("Anna")
    'reset:account:anna'
    """
    return "reset:account:" + _username(username)


def reset_source_key(address: str) -> str:
    """The key counting password-reset requests from an address (ID-4).

    >>> reset_source_key("192.0.2.7")
    'reset:source:192.0.2.7'
    """
    return "reset:source:" + _address(address)


@attrs.frozen(kw_only=True)
class LoginFailures:
    """How many attempts counted lately on one key, and when the last one did."""

    key: str
    failures: int
    last_failure_at: dt.datetime
    version: int = 0


def _positive(_instance: object, attribute: attrs.Attribute[dt.timedelta], value: object) -> None:
    if not isinstance(value, dt.timedelta) or value <= dt.timedelta(0):
        raise ValueError(f"{attribute.name} must be a positive duration")


@attrs.frozen(kw_only=True)
class LoginThrottlePolicy:
    """When attempts wait: the limits per key (see the module for the keys).

    Every key but the backstop works the same way: ``free`` attempts go through at
    once; after them the next attempt waits ``first_delay`` after the last one, and
    the wait doubles with each further attempt, up to ``max_delay``. A key with no
    attempt for ``forget_after`` starts again from zero.

    Attributes:
        free_per_account_and_source: attempts on one username from one address before
            they wait (the strict limit; a right password clears it).
        free_per_source: attempts from one address, on any username, before they wait
            (offices and schools share addresses, so it is looser; a right password
            gives its own attempt back).
        account_backstop: consecutive failures of one username, from any address,
            after which it accepts the password only from the addresses it was entered
            right from before (NIST SP 800-63B §5.2.2: at most 100). A right password
            from one of them, a password reset, or ``forget_after`` without failures
            clears it; the owner can also log in with SPID, CIE or CNS meanwhile.
        free_resets_per_account: password-reset requests for one username before they
            wait (ID-4).
        free_resets_per_source: password-reset requests from one address before they
            wait (ID-4).
        first_delay: the first wait; it doubles with each further attempt.
        max_delay: the longest wait.
        forget_after: a key with no attempt for longer than this starts again from zero.

    >>> policy = LoginThrottlePolicy()
    >>> [policy.delay(n, free=5).total_seconds() for n in (4, 5, 6, 11)]
    [0.0, 30.0, 60.0, 900.0]
    """

    free_per_account_and_source: int = attrs.field(default=5, validator=attrs.validators.ge(1))
    free_per_source: int = attrs.field(default=50, validator=attrs.validators.ge(1))
    account_backstop: int = attrs.field(
        default=MAX_NIST_BACKSTOP,
        validator=[attrs.validators.ge(1), attrs.validators.le(MAX_NIST_BACKSTOP)],
    )
    free_resets_per_account: int = attrs.field(default=3, validator=attrs.validators.ge(1))
    free_resets_per_source: int = attrs.field(default=20, validator=attrs.validators.ge(1))
    first_delay: dt.timedelta = attrs.field(default=dt.timedelta(seconds=30), validator=_positive)
    max_delay: dt.timedelta = attrs.field(default=dt.timedelta(minutes=15), validator=_positive)
    forget_after: dt.timedelta = attrs.field(default=dt.timedelta(hours=24), validator=_positive)

    def delay(self, attempts: int, *, free: int) -> dt.timedelta:
        """How long the next attempt waits after ``attempts`` counted, ``free`` of them at once."""
        beyond = attempts - free
        if beyond < 0:
            return dt.timedelta(0)
        # Past 2**20 the ceiling is reached whatever the first delay: stop doubling there.
        doubled: dt.timedelta = self.first_delay * (2 ** min(beyond, 20))
        return min(self.max_delay, doubled)

    def is_stale(self, record: LoginFailures, now: dt.datetime) -> bool:
        """Whether ``record`` is old enough to be forgotten at ``now``."""
        return record.last_failure_at < now - self.forget_after

    def waits_until(
        self, record: LoginFailures | None, now: dt.datetime, *, free: int
    ) -> dt.datetime | None:
        """The instant before which ``record``'s key may not try again, if later than now."""
        if record is None or record.failures <= 0 or self.is_stale(record, now):
            return None
        until = record.last_failure_at + self.delay(record.failures, free=free)
        return until if until > now else None

    def backstop_until(self, record: LoginFailures | None, now: dt.datetime) -> dt.datetime | None:
        """Until when an account past its backstop refuses unknown addresses, if it is."""
        if record is None or self.is_stale(record, now):
            return None
        if record.failures < self.account_backstop:
            return None
        return record.last_failure_at + self.forget_after

    def counted(self, record: LoginFailures, now: dt.datetime) -> LoginFailures:
        """``record`` with one more attempt at ``now`` (starting again when it was stale)."""
        failures = 1 if self.is_stale(record, now) else record.failures + 1
        return attrs.evolve(record, failures=failures, last_failure_at=now)
