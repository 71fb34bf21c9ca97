"""What every login ends with: the account updated, and the ``SignedIn`` answer (ID-2)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import attrs

from formlavoro_core.errors import InvalidInput, Problem
from formlavoro_core.identity.methods import LoginMethod
from formlavoro_core.principals import CitizenPrincipal

if TYPE_CHECKING:
    from formlavoro_core.identity.model import Account, ConsentReceipt
    from formlavoro_core.ports import UnitOfWork

__all__ = ["SignedIn", "record_login", "text_problems"]


@attrs.frozen(kw_only=True)
class SignedIn:
    """A successful login: the principal to keep in the session, and what comes next."""

    principal: CitizenPrincipal
    method: LoginMethod
    first_login: bool
    onboarding_pending: bool


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
    )


def text_problems(
    limits: dict[str, int], values: dict[str, object], *, not_blank: tuple[str, ...] = ()
) -> InvalidInput | None:
    """Each of ``values`` must be text without NUL of at most its ``limits`` characters.

    Those named in ``not_blank`` must also hold more than blanks.

    >>> text_problems({"source": 5}, {"source": 7}).problems[0].path
    'source'
    >>> text_problems({"source": 5}, {"source": " "}, not_blank=("source",)).problems[0].message
    'text of 1 to 5 characters'
    >>> text_problems({"source": 5}, {"source": "ok"}) is None
    True
    """
    problems = []
    for name, value in values.items():
        blank_allowed = name not in not_blank
        if (
            not isinstance(value, str)
            or "\x00" in value
            or len(value) > limits[name]
            or (not blank_allowed and not value.strip())
        ):
            size = f"at most {limits[name]}" if blank_allowed else f"1 to {limits[name]}"
            problems.append(Problem(path=name, message=f"text of {size} characters"))
    return InvalidInput(problems=tuple(problems)) if problems else None
