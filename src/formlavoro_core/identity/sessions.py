"""ID-7: what a login starts and a logout ends.

The library keeps no session store of its own: the embedding app keeps the signed-in
principal in its session (a cookie, a signed token). What the core keeps is the
account's **session generation**. Every login answers a :class:`Session` carrying the
generation of that moment; a logout moves the account's generation on, so every
session started before it has ended, on every device (a logout is "log out
everywhere" **(decided)**: one counter, no table of sessions, and a stolen session
stops working as soon as its owner logs out anywhere).

Checking a session is one read of the account by its key
(``portal.identity.check_session``): signed session tokens (issue 12) carry the
session and are refused once the generation moved on.

The same counter ends the sessions when the identity provider asks (SAML single
logout started by SPID or CIE: the app calls ``portal.identity.logout`` as ``SYSTEM``)
and when a password reset changes the regional credentials (whoever knew the old
password may hold a session).

The audit log of SEC-3 records logouts in :func:`record_logout`, in the logout's own
transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import attrs

from formlavoro_core.identity.failures import SessionEnded
from formlavoro_core.identity.methods import LoginMethod
from formlavoro_core.ids import AccountId
from formlavoro_core.principals import CitizenPrincipal, System
from formlavoro_core.privacy.audit import AuditAction
from formlavoro_core.privacy.recording import record

if TYPE_CHECKING:
    from formlavoro_core.identity.model import Account
    from formlavoro_core.ports import UnitOfWork

__all__ = ["Session", "SignedOut", "record_logout", "session_problem"]


@attrs.frozen(kw_only=True)
class Session:
    """A session a login started (ID-7): keep it with the principal, give it to logout.

    Attributes:
        account_id: whose session it is.
        generation: the account's session generation at login; the session is open
            while the account still has it.
        method: the login method (SPID, CIE, CNS, regional credentials).
        started_at: when the login happened.
    """

    account_id: AccountId
    generation: int
    method: LoginMethod
    started_at: dt.datetime


@attrs.frozen(kw_only=True)
class SignedOut:
    """A logout (ID-7): whose session ended, which one, and when.

    It holds ids and times only, never personal data: it is what the audit log
    (SEC-3) records.
    """

    account_id: AccountId
    method: LoginMethod
    started_at: dt.datetime
    ended_at: dt.datetime


def session_problem(account: Account | None, session: Session) -> SessionEnded | None:
    """Why ``session`` is not open for ``account``, if it is not."""
    if account is None or account.id != session.account_id:
        return SessionEnded()
    if account.session_generation != session.generation:
        return SessionEnded()
    return None


def record_logout(
    uow: UnitOfWork,
    account: Account,
    session: Session,
    now: dt.datetime,
    *,
    by: CitizenPrincipal | System | None = None,
) -> SignedOut:
    """End every open session of ``account`` and answer the logout of ``session``.

    SEC-3's audit record of the logout is written here, in this transaction: by the
    citizen (``identity.logout``), or by the portal for the identity provider that
    asked for it (``by`` is ``SYSTEM``: ``identity.provider_logout``).
    """
    uow.accounts.update(account.logged_out())
    provider = isinstance(by, System)
    record(
        uow,
        by if provider and by is not None else CitizenPrincipal(account.id),
        AuditAction.LOGOUT,
        subject=account.id,
        use_case="identity.provider_logout" if provider else "identity.logout",
        at=now,
        refs=(session.method.value,),
    )
    return SignedOut(
        account_id=account.id,
        method=session.method,
        started_at=session.started_at,
        ended_at=now,
    )
