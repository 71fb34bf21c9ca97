"""What every login ends with: the account updated, and the ``SignedIn`` answer (ID-2)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import attrs

from formlavoro_core.identity.methods import LoginMethod
from formlavoro_core.identity.sessions import Session
from formlavoro_core.principals import CitizenPrincipal

if TYPE_CHECKING:
    from formlavoro_core.identity.model import Account, ConsentReceipt
    from formlavoro_core.ports import UnitOfWork

__all__ = ["SignedIn", "record_login"]


@attrs.frozen(kw_only=True)
class SignedIn:
    """A successful login: the principal and the session to keep, and what comes next.

    ``session`` is what ``portal.identity.logout`` ends and ``check_session`` checks
    (ID-7).
    """

    principal: CitizenPrincipal
    method: LoginMethod
    first_login: bool
    onboarding_pending: bool
    session: Session


def record_login(
    uow: UnitOfWork,
    account: Account,
    method: LoginMethod,
    now: dt.datetime,
    consent: ConsentReceipt,
    *,
    first: bool,
) -> SignedIn:
    """Store the login on ``account`` (method, time, new consents) and answer it."""
    stored = uow.accounts.update(account.logged_in(method=method, at=now, receipt=consent))
    return SignedIn(
        principal=CitizenPrincipal(stored.id),
        method=method,
        first_login=first,
        onboarding_pending=not stored.onboarding.is_completed,
        session=Session(
            account_id=stored.id,
            generation=stored.session_generation,
            method=method,
            started_at=now,
        ),
    )
