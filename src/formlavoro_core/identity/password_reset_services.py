"""Password-reset use cases: the request and the reset itself (ID-4, SEC-6).

**A request reveals nothing, by its answer or by its time.** Whether or not the email
and the username belong to one account, a request does the same work: it counts itself
on the username's and the address's reset keys, draws a token and hashes it, looks the
account up, renders the email, records the request (a ``PasswordReset``, whose
``account_id`` is ``None`` when no account matched) and queues one outbox message (the
email, or a placeholder the dispatcher drops without sending) and one audit record
(SEC-3; its subject is the account, or none), then commits once. The
same rows in the same tables, in one commit: the durable commit and the pages it
writes are what told the two apart (see ``benchmarks/reset_timing.py``).

A reset ends every open session of the account (ID-7): it moves the account's session
generation on, like a logout, and the audit log records that logout beside the reset.

A newer link invalidates the older ones when it is used, not when it is requested: a
link is good only while it is its account's newest, so a request never updates the
account's older links, which would be work only a matching request does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs
from returns.result import Failure, Result

from formlavoro_core.identity.arguments import text_problems
from formlavoro_core.identity.failures import InvalidResetToken, ResetThrottled
from formlavoro_core.identity.password_policy import MAX_PASSWORD, normalise
from formlavoro_core.identity.password_reset import PasswordReset, hash_token
from formlavoro_core.identity.throttle import account_key, reset_account_key, reset_source_key
from formlavoro_core.messaging import templates
from formlavoro_core.messaging.outbox import EmailKind, OutgoingEmail
from formlavoro_core.principals import ANONYMOUS
from formlavoro_core.privacy.audit import AuditAction
from formlavoro_core.privacy.recording import record

if TYPE_CHECKING:
    from formlavoro_core.errors import DomainError
    from formlavoro_core.identity.model import Account
    from formlavoro_core.ports import UnitOfWork
    from formlavoro_core.runtime import Dependencies

__all__ = [
    "REQUEST_LIMITS",
    "RESET_LIMITS",
    "SESSIONS_ENDED_BY_RESET",
    "request_reset",
    "reset_password",
]

REQUEST_LIMITS = {"email": 320, "username": 300, "source": 300}
"""The longest email, username and source address a reset request takes."""

RESET_LIMITS = {"token": 512, "new_password": 4 * MAX_PASSWORD}
"""The longest token and new password (before normalisation) a reset takes."""

SESSIONS_ENDED_BY_RESET = "password_reset"
"""The ``refs`` of the logout a reset records (SEC-3): every session ended, by a reset."""

_PLACEHOLDER = OutgoingEmail(to="", subject="", body="", kind=EmailKind.PLACEHOLDER)


def _matching(account: Account | None, email: str) -> Account | None:
    if account is None or account.regional is None or account.email is None:
        return None
    return account if account.email.strip().lower() == email.strip().lower() else None


def _reset_email(deps: Dependencies, account: Account | None, token: str) -> OutgoingEmail:
    """The reset email, rendered on both paths; a placeholder takes its place for nobody."""
    config = deps.config
    email = templates.password_reset(
        to=account.email if account is not None and account.email is not None else "",
        name=account.given_name if account is not None else "",
        link=config.reset_url.format(token=token),
        minutes=int(config.reset_token_lifetime.total_seconds() // 60),
        language=account.language if account is not None else config.default_language,
        portal=config.portal_name,
        translator=deps.translator,
    )
    return email if account is not None else _PLACEHOLDER


def request_reset(
    deps: Dependencies, *, email: str, username: str, source: str
) -> Result[None, DomainError]:
    """ID-4: count the request, and email a link if email and username match; see the module."""
    problem = text_problems(
        REQUEST_LIMITS,
        {"email": email, "username": username, "source": source},
        not_blank=("source",),
    )
    if problem is not None:
        return Failure(problem)
    now = deps.clock.now()
    policy = deps.config.login_throttle
    token = deps.tokens.new_token()
    token_hash = hash_token(token)

    def work(uow: UnitOfWork) -> DomainError | None:
        failures = uow.login_failures
        by_name = failures.hold(reset_account_key(username), at=now)
        by_source = failures.hold(reset_source_key(source), at=now)
        waits = (
            policy.waits_until(by_name, now, free=policy.free_resets_per_account),
            policy.waits_until(by_source, now, free=policy.free_resets_per_source),
        )
        until = max((wait for wait in waits if wait is not None), default=None)
        if until is not None:
            return ResetThrottled(retry_after=until)
        failures.put(policy.counted(by_name, now))
        failures.put(policy.counted(by_source, now))
        account = _matching(uow.accounts.by_username(username.strip().lower()), email)
        uow.password_resets.add(
            PasswordReset(
                token_hash=token_hash,
                account_id=account.id if account is not None else None,
                issued_at=now,
                expires_at=now + deps.config.reset_token_lifetime,
            )
        )
        deps.queue_email(uow, _reset_email(deps, account, token))
        record(
            uow,
            ANONYMOUS,
            AuditAction.PASSWORD_RESET_REQUESTED,
            subject=account.id if account is not None else None,
            use_case="identity.request_password_reset",
            at=now,
        )
        return None

    return deps.run(work)


def reset_password(
    deps: Dependencies, *, token: str, new_password: str
) -> Result[None, DomainError]:
    """ID-4: set a new password with a valid reset token; see ``IdentityService``."""
    problem = text_problems(RESET_LIMITS, {"token": token, "new_password": new_password})
    if problem is not None:
        return Failure(problem)
    policy = deps.password_policy
    if (early := policy.problem(new_password, context=())) is not None:
        return Failure(early)
    now = deps.clock.now()
    token_hash = hash_token(token)

    def work(uow: UnitOfWork) -> DomainError | None:
        reset = uow.password_resets.get(token_hash)
        if reset is None or reset.account_id is None or not reset.is_usable(now):
            return InvalidResetToken()
        links = uow.password_resets.for_account(reset.account_id)
        if links[-1].token_hash != token_hash:
            return InvalidResetToken()  # a newer link was requested since
        account = uow.accounts.get(reset.account_id)
        if account is None or account.regional is None:
            return InvalidResetToken()
        problem = policy.problem(
            new_password,
            context=(
                account.regional.username,
                account.given_name,
                account.family_name,
                str(account.fiscal_code),
                deps.config.portal_name,
            ),
        )
        if problem is not None:
            return problem
        new_hash = deps.passwords.hash(normalise(new_password))
        # ID-7: whoever knew the old password may hold a session; the reset ends them all.
        uow.accounts.update(
            attrs.evolve(
                account.logged_out(),
                regional=attrs.evolve(account.regional, password_hash=new_hash, changed_at=now),
            )
        )
        # SEC-6: a new password starts the account's backstop count again.
        uow.login_failures.clear(account_key(account.regional.username))
        uow.password_resets.update(reset.used(now))
        record(
            uow,
            ANONYMOUS,
            AuditAction.PASSWORD_RESET,
            subject=account.id,
            use_case="identity.reset_password",
            at=now,
        )
        record(
            uow,
            ANONYMOUS,
            AuditAction.LOGOUT,
            subject=account.id,
            use_case="identity.reset_password",
            at=now,
            refs=(SESSIONS_ENDED_BY_RESET,),
        )
        for other in links:
            if other.token_hash != token_hash and other.is_usable(now):
                uow.password_resets.update(other.superseded(now))
        if account.email is not None:
            deps.queue_email(
                uow,
                templates.password_changed(
                    to=account.email,
                    name=account.given_name,
                    when=now.astimezone(deps.config.timezone),
                    language=account.language,
                    portal=deps.config.portal_name,
                    translator=deps.translator,
                ),
            )
        return None

    return deps.run(work)
