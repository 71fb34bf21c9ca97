"""ID-7, ID-4: a password reset ends every open session of the account, and says so (SEC-3)."""

from __future__ import annotations

import datetime as dt

from formlavoro_adapters.sealing import HmacSealer
from formlavoro_adapters.web import SessionTokens
from formlavoro_core.identity.failures import SessionEnded
from formlavoro_core.identity.password_reset_services import SESSIONS_ENDED_BY_RESET
from formlavoro_core.identity.sessions import Session
from formlavoro_core.principals import ANONYMOUS, CitizenPrincipal
from formlavoro_core.privacy.audit import AuditAction
from tests.core.identity.test_password_reset import (
    SOURCE,
    _delivered_tokens,
    _registered,
    _request,
)
from tests.support import SECRET_KEY, World, failure, ok

OLD_PASSWORD = "vecchia password"
NEW_PASSWORD = "nuova password"


def _signed_in(w: World, password: str = OLD_PASSWORD) -> tuple[CitizenPrincipal, Session]:
    signed_in = ok(
        w.portal.identity.login_regional(
            ANONYMOUS,
            username="anna.rossi",
            password=password,
            consent=w.consent(),
            source=SOURCE,
        )
    )
    return signed_in.principal, signed_in.session


def _reset(w: World, new_password: str = NEW_PASSWORD) -> None:
    _request(w)
    (token,) = _delivered_tokens(w)
    ok(w.portal.identity.reset_password(ANONYMOUS, token=token, new_password=new_password))


def test_id_7_a_password_reset_ends_every_open_session_of_the_account() -> None:
    """ID-7, ID-4: sessions opened with the old password are refused after the reset."""
    w = _registered()
    principal, phone = _signed_in(w)
    _, laptop = _signed_in(w)
    for session in (phone, laptop):
        assert ok(w.portal.identity.check_session(ANONYMOUS, session)) == principal
    w.clock.advance(dt.timedelta(minutes=1))
    _reset(w)
    for session in (phone, laptop):
        assert failure(w.portal.identity.check_session(ANONYMOUS, session)) == SessionEnded()
        assert failure(w.portal.identity.logout(principal, session)) == SessionEnded()
    _, fresh = _signed_in(w, NEW_PASSWORD)
    assert ok(w.portal.identity.check_session(ANONYMOUS, fresh)) == principal


def test_id_7_a_session_token_signed_before_the_reset_is_refused() -> None:
    """ID-7: the web session token of an old session answers ``identity.session.ended``."""
    w = _registered()
    tokens = SessionTokens(HmacSealer(SECRET_KEY), w.clock, lifetime=dt.timedelta(hours=8))
    principal, session = _signed_in(w)
    token = tokens.issue(session=session)
    assert ok(tokens.principal(w.portal, token)) == principal
    _reset(w)
    assert failure(tokens.principal(w.portal, token)).code == "identity.session.ended"


def test_sec3_the_sessions_a_reset_ends_are_recorded_as_a_logout() -> None:
    """SEC-3: beside the reset, a logout record of the account, by whoever held the link."""
    w = _registered()
    principal, _ = _signed_in(w)
    _reset(w)
    entries = ok(w.portal.privacy.access_log(principal))
    tail = [(e.actor.kind, e.action, e.use_case, e.refs) for e in entries[-2:]]
    assert tail == [
        ("anonymous", AuditAction.PASSWORD_RESET, "identity.reset_password", ()),
        ("anonymous", AuditAction.LOGOUT, "identity.reset_password", (SESSIONS_ENDED_BY_RESET,)),
    ]


def test_id_7_a_refused_reset_ends_no_session() -> None:
    """ID-7: a reset refused (a weak password) leaves the sessions open and records nothing."""
    w = _registered()
    principal, session = _signed_in(w)
    _request(w)
    (token,) = _delivered_tokens(w)
    assert failure(w.portal.identity.reset_password(ANONYMOUS, token=token, new_password="abc"))
    assert ok(w.portal.identity.check_session(ANONYMOUS, session)) == principal
    actions = [e.action for e in ok(w.portal.privacy.access_log(principal))]
    assert AuditAction.LOGOUT not in actions
