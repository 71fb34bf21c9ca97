"""Login with regional credentials: reserve the attempt, then verify (ID-3, SEC-2, SEC-6).

Three steps, so that no password is checked unless its attempt was counted first, and
no transaction stays open while a password is hashed:

1. **reserve** (one unit of work): hold the attempt's three records, check the limits
   of :class:`~formlavoro_core.identity.throttle.LoginThrottlePolicy`, count the
   attempt on each, read the account; or count nothing and answer ``LoginThrottled``;
2. **verify**, outside any transaction: the password against the account's hash, or
   the same work against a dummy hash for an unknown username;
3. on a right password (one unit of work): clear the pair and the account backstop,
   give back the attempt reserved on the address, remember the address as one the
   account's password was entered right from, and record the login.

A refused attempt is recorded in the audit log (SEC-3) in a unit of work of its own:
the refusal changes nothing else that could carry the record (the count of step 1 is
committed or refused before the password is known).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import attrs
from returns.pipeline import is_successful
from returns.result import Failure, Result

from formlavoro_core.identity.failures import InvalidCredentials, LoginThrottled
from formlavoro_core.identity.methods import LoginMethod
from formlavoro_core.identity.password_policy import normalise
from formlavoro_core.identity.sign_in import SignedIn, record_login
from formlavoro_core.identity.throttle import (
    LoginThrottlePolicy,
    account_key,
    pair_key,
    source_digest,
    source_key,
)
from formlavoro_core.principals import ANONYMOUS
from formlavoro_core.privacy import recording
from formlavoro_core.privacy.audit import AuditAction

if TYPE_CHECKING:
    from formlavoro_core.errors import DomainError
    from formlavoro_core.identity.model import Account, ConsentReceipt
    from formlavoro_core.ports import UnitOfWork
    from formlavoro_core.runtime import Dependencies

__all__ = ["RegionalAttempt"]


@attrs.frozen(kw_only=True)
class RegionalAttempt:
    """One login attempt with a username and a password from one source address."""

    username: str
    password: str = attrs.field(repr=False)
    source: str
    consent: ConsentReceipt
    now: dt.datetime

    @property
    def name(self) -> str:
        """The username as stored: trimmed and lower-cased."""
        return self.username.strip().lower()

    @property
    def account_key(self) -> str:
        """The username's backstop key."""
        return account_key(self.username)

    @property
    def pair_key(self) -> str:
        """The key of this username from this address."""
        return pair_key(self.username, self.source)

    @property
    def source_key(self) -> str:
        """The address's key."""
        return source_key(self.source)

    def reserve(self, uow: UnitOfWork, policy: LoginThrottlePolicy) -> Account | DomainError | None:
        """Count the attempt on its keys, or refuse it; return the account tried, if any."""
        now = self.now
        failures = uow.login_failures
        # One fixed order (account, pair, source) for every writer: no two wait on each other.
        account_record = failures.hold(self.account_key, at=now)
        pair = failures.hold(self.pair_key, at=now)
        source = failures.hold(self.source_key, at=now)
        account = uow.accounts.by_username(self.name)
        waits = [
            policy.waits_until(pair, now, free=policy.free_per_account_and_source),
            policy.waits_until(source, now, free=policy.free_per_source),
        ]
        known = account is not None and source_digest(self.name, self.source) in (
            account.known_sources
        )
        if not known:
            waits.append(policy.backstop_until(account_record, now))
        until = max((wait for wait in waits if wait is not None), default=None)
        if until is not None:
            return LoginThrottled(retry_after=until)
        for record in (account_record, pair, source):
            failures.put(policy.counted(record, now))
        return account

    def sign_in(
        self,
        uow: UnitOfWork,
        policy: LoginThrottlePolicy,
        *,
        verified_hash: str,
        new_hash: str | None,
    ) -> SignedIn | DomainError:
        """Record the login after a right password; refuse it if the password changed since."""
        failures = uow.login_failures
        failures.clear(self.account_key)
        failures.clear(self.pair_key)
        source = failures.hold(self.source_key, at=self.now)
        if source.failures > 1 and not policy.is_stale(source, self.now):
            failures.put(attrs.evolve(source, failures=source.failures - 1))
        else:
            failures.clear(self.source_key)
        account = uow.accounts.by_username(self.name)
        if account is None or account.regional is None:
            return InvalidCredentials()
        if account.regional.password_hash != verified_hash:
            return InvalidCredentials()  # reset meanwhile: the password checked is not current
        if new_hash is not None:
            account = attrs.evolve(
                account, regional=attrs.evolve(account.regional, password_hash=new_hash)
            )
        account = account.with_known_source(source_digest(self.name, self.source))
        return record_login(uow, account, LoginMethod.REGIONAL, self.now, self.consent, first=False)

    def refused(self, deps: Dependencies, failure: DomainError) -> Result[SignedIn, DomainError]:
        """SEC-3: record the refusal (the account tried, if the username has one); answer it.

        The record names the account by id and the refusal by its code; neither the
        username nor the address is written. If even that cannot be stored, the
        refusal is still the answer.
        """

        def work(uow: UnitOfWork) -> None:
            account = uow.accounts.by_username(self.name)
            recording.record(
                uow,
                ANONYMOUS,
                AuditAction.LOGIN_REFUSED,
                subject=None if account is None else account.id,
                use_case="identity.login_regional",
                at=self.now,
                refs=(LoginMethod.REGIONAL.value,),
                outcome=failure.code,
            )

        deps.run(work)
        return Failure(failure)

    def run(self, deps: Dependencies) -> Result[SignedIn, DomainError]:
        """Reserve, verify, sign in: see the module."""
        policy = deps.config.login_throttle
        reserved = deps.run(lambda uow: self.reserve(uow, policy))
        if not is_successful(reserved):
            return self.refused(deps, reserved.failure())
        account = reserved.value_or(None)
        passwords = deps.passwords
        secret = normalise(self.password)
        if account is None or account.regional is None:
            passwords.verify_dummy(secret)
            return self.refused(deps, InvalidCredentials())
        stored = account.regional.password_hash
        if not passwords.verify(stored, secret):
            return self.refused(deps, InvalidCredentials())
        new_hash = passwords.hash(secret) if passwords.needs_rehash(stored) else None
        signed_in = deps.run(
            lambda uow: self.sign_in(uow, policy, verified_hash=stored, new_hash=new_hash)
        )
        if not is_successful(signed_in):
            return self.refused(deps, signed_in.failure())
        return signed_in
