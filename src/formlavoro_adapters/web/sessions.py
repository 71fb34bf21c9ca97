"""Signed, expiring session tokens: the signed-in session and the consent receipt.

The library keeps no session store (see :mod:`formlavoro_core.identity.sessions`): an
app keeps, in a cookie or an ``Authorization`` header, one token that
:class:`SessionTokens` signs with the portal's :class:`~formlavoro_core.ports.Sealer`
(``HmacSealer`` and ``FORMLAVORO_SECRET_KEY`` by default). It holds

* the consent receipt of ID-1 once the visitor accepted the notices, for the login;
* the :class:`~formlavoro_core.identity.sessions.Session` a login started (ids, the
  session generation, the method and the time: no personal data).

A token names when it expires. :meth:`SessionTokens.read` refuses a token changed or
made elsewhere (``web.session.invalid``) and an expired one (``web.session.expired``);
:meth:`SessionTokens.principal` then asks ``portal.identity.check_session``, so that a
logout ends every token of the account at once (ID-7).

>>> import datetime as dt
>>> from formlavoro_adapters.clock import SettableClock
>>> from formlavoro_adapters.sealing import HmacSealer
>>> clock = SettableClock(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC))
>>> tokens = SessionTokens(HmacSealer(b"k" * 32), clock, lifetime=dt.timedelta(hours=1))
>>> token = tokens.issue()
>>> tokens.read(token).unwrap().expires_at.isoformat()
'2026-03-02T10:00:00+00:00'
>>> tokens.read(token[:-2] + "xx").failure().code
'web.session.invalid'
>>> _ = clock.advance(dt.timedelta(hours=2))
>>> tokens.read(token).failure().code
'web.session.expired'
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from typing import TYPE_CHECKING, Any, Final

import attrs
from returns.result import Failure, Result, Success

from formlavoro_adapters.web.failures import SessionExpired, SessionInvalid, SessionMissing
from formlavoro_core.identity.methods import LoginMethod
from formlavoro_core.identity.model import ConsentReceipt
from formlavoro_core.identity.sessions import Session
from formlavoro_core.ids import AccountId
from formlavoro_core.principals import ANONYMOUS

if TYPE_CHECKING:
    from formlavoro_core.errors import DomainError
    from formlavoro_core.portal import Portal
    from formlavoro_core.ports import Clock, Sealer
    from formlavoro_core.principals import CitizenPrincipal

__all__ = ["SESSION_PURPOSE", "SessionTokens", "WebSession"]

SESSION_PURPOSE: Final = "web-session"
"""What the seal of a session token is for: it verifies as nothing else."""

_FORM: Final = "w1"
_EPOCH: Final = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MAX_TOKEN: Final = 4096


def _micros(at: dt.datetime) -> int:
    return (at - _EPOCH) // dt.timedelta(microseconds=1)


def _instant(value: object) -> dt.datetime:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError("not a time")
    return _EPOCH + dt.timedelta(microseconds=value)


@attrs.frozen(kw_only=True)
class WebSession:
    """What a valid token holds.

    Attributes:
        session: the session a login started, ``None`` before the login.
        consent: the receipt of the notices accepted (ID-1), ``None`` before that.
        issued_at: when the token was signed.
        expires_at: when it stops being accepted.
    """

    session: Session | None
    consent: ConsentReceipt | None
    issued_at: dt.datetime
    expires_at: dt.datetime


def _payload(session: Session | None, consent: ConsentReceipt | None) -> dict[str, Any]:
    payload: dict[str, Any] = {}
    if session is not None:
        payload["s"] = {
            "a": str(session.account_id),
            "g": session.generation,
            "m": session.method.value,
            "t": _micros(session.started_at),
        }
    if consent is not None:
        payload["c"] = consent.to_token()
    return payload


def _session(data: object) -> Session:
    if not isinstance(data, dict) or set(data) != {"a", "g", "m", "t"}:
        raise TypeError("not a session")
    account, generation = data["a"], data["g"]
    if not isinstance(account, str) or not isinstance(generation, int):
        raise TypeError("not a session")
    return Session(
        account_id=AccountId(account),
        generation=generation,
        method=LoginMethod(data["m"]),
        started_at=_instant(data["t"]),
    )


def _decode(text: str) -> WebSession:
    form, _, encoded = text.partition(".")
    if form != _FORM:
        raise ValueError("not a session token")
    raw = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
    data = json.loads(raw)
    if not isinstance(data, dict) or not set(data) <= {"i", "e", "s", "c"}:
        raise TypeError("not a session token")
    consent = None
    if "c" in data:
        consent = ConsentReceipt.from_token(data["c"]).value_or(None)
        if consent is None:
            raise ValueError("not a receipt")
    return WebSession(
        session=_session(data["s"]) if "s" in data else None,
        consent=consent,
        issued_at=_instant(data["i"]),
        expires_at=_instant(data["e"]),
    )


class SessionTokens:
    """Signs and reads the session tokens of one portal.

    Args:
        sealer: the portal's sealer (``HmacSealer.from_secret(FORMLAVORO_SECRET_KEY)``);
            every process of the portal must use the same secret.
        clock: the portal's clock.
        lifetime: how long a token is accepted after it was signed; sign a new one
            (with :meth:`issue`) as the visitor goes on to extend it.
    """

    def __init__(
        self, sealer: Sealer, clock: Clock, *, lifetime: dt.timedelta = dt.timedelta(hours=8)
    ) -> None:
        self._sealer = sealer
        self._clock = clock
        self._lifetime = lifetime

    def issue(
        self, *, session: Session | None = None, consent: ConsentReceipt | None = None
    ) -> str:
        """A token holding ``session`` and ``consent``, valid for the lifetime from now.

        The token is URL-safe (letters, digits, ``-``, ``_`` and ``.``): fit for a
        cookie or an ``Authorization: Bearer`` header.
        """
        now = self._clock.now().astimezone(dt.UTC)
        payload = {
            "i": _micros(now),
            "e": _micros(now + self._lifetime),
            **_payload(session, consent),
        }
        raw = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode("ascii")
        text = f"{_FORM}.{base64.urlsafe_b64encode(raw).decode('ascii').rstrip('=')}"
        return f"{text}.{self._sealer.seal(SESSION_PURPOSE, text)}"

    def read(self, token: str | None) -> Result[WebSession, DomainError]:
        """What ``token`` holds, if this portal signed it and it has not expired.

        No token (``None`` or blank) answers ``web.session.missing``; anything else
        that is not a token of this portal, ``web.session.invalid``.
        """
        if token is None or not token.strip():
            return Failure(SessionMissing())
        text, _, seal = token.strip().rpartition(".")
        if len(token) > _MAX_TOKEN or not self._sealer.verify(SESSION_PURPOSE, text, seal):
            return Failure(SessionInvalid())
        try:
            held = _decode(text)
        except (ValueError, TypeError, KeyError, OverflowError, binascii.Error):
            return Failure(SessionInvalid())
        if self._clock.now() >= held.expires_at:
            return Failure(SessionExpired())
        return Success(held)

    def principal(self, portal: Portal, token: str | None) -> Result[CitizenPrincipal, DomainError]:
        """The citizen signed in with ``token`` while their session is open (ID-7).

        A token without a session (the notices accepted, no login yet) answers
        ``web.session.missing``; a session a logout ended, ``identity.session.ended``.
        """
        match self.read(token):
            case Success(WebSession(session=Session() as session)):
                return portal.identity.check_session(ANONYMOUS, session)
            case Success(_):
                return Failure(SessionMissing())
            case Failure(error):
                return Failure(error)
        return Failure(SessionInvalid())  # pragma: no cover - the match is exhaustive
