"""What every login ends with: the account updated, and the ``SignedIn`` answer (ID-2)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import attrs

from formlavoro_core.identity.methods import LoginMethod
from formlavoro_core.identity.sessions import Session
from formlavoro_core.principals import CitizenPrincipal
from formlavoro_core.privacy.audit import AuditAction
from formlavoro_core.privacy.recording import record

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
    """Store the login on ``account`` (method, time, new consents) and answer it.

    SEC-3: the login is recorded, and so are the consents it added, in its transaction.
    """
    stored = uow.accounts.update(account.logged_in(method=method, at=now, receipt=consent))
    principal = CitizenPrincipal(stored.id)
    use_case = "identity.login_regional" if method is LoginMethod.REGIONAL else "identity.login"
    record(
        uow,
        principal,
        AuditAction.LOGIN,
        subject=stored.id,
        use_case=use_case,
        at=now,
        refs=(method.value,),
    )
    added = stored.consents[len(account.consents) :]
    if added:
        record(
            uow,
            principal,
            AuditAction.CONSENT_CHANGED,
            subject=stored.id,
            use_case=use_case,
            at=now,
            refs=tuple(f"{consent.notice.value}:{consent.version}" for consent in added),
        )
    return SignedIn(
        principal=principal,
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
