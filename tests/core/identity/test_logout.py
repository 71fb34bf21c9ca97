"""ID-7: logout ends what login started, on every storage; the answer is its record."""

from __future__ import annotations

import datetime as dt
import pathlib

import attrs
import pytest

from formlavoro_core.identity.assertion import AssuranceLevel, IdentityAssertion
from formlavoro_core.identity.failures import SessionEnded
from formlavoro_core.identity.methods import LoginMethod
from formlavoro_core.identity.services import SignedIn
from formlavoro_core.identity.sessions import SignedOut
from formlavoro_core.ids import AccountId
from formlavoro_core.principals import ANONYMOUS, SYSTEM
from formlavoro_core.privacy.audit import Actor, AuditAction
from formlavoro_core.values import EmailAddress
from tests.core.identity.test_regional_credentials import _login, _registered
from tests.portals import STORAGES, storage_of, world_on
from tests.support import ANNA, MARIO, OPERATOR, World, failure, ok, strings_in, world


def _signed_in(w: World, method: LoginMethod = LoginMethod.SPID) -> SignedIn:
    assertion = IdentityAssertion(
        method=method,
        fiscal_code=ANNA,
        given_name="Anna",
        family_name="Rossi",
        email=EmailAddress("anna.rossi@example.it"),
        level=AssuranceLevel.SUBSTANTIAL,
    )
    return ok(w.portal.identity.login(ANONYMOUS, assertion, consent=w.consent()))


@pytest.mark.parametrize("kind", STORAGES)
def test_id_7_logout_ends_the_session_and_a_new_login_starts_another(
    kind: str, tmp_path: pathlib.Path
) -> None:
    """ID-7: after logout the session is refused; the next login's session is open."""
    with storage_of(kind, tmp_path) as storage:
        w = world_on(storage)
        signed_in = _signed_in(w)
        session = signed_in.session
        assert (session.account_id, session.method) == (
            signed_in.principal.account_id,
            LoginMethod.SPID,
        )
        assert ok(w.portal.identity.check_session(ANONYMOUS, session)) == signed_in.principal
        w.clock.advance(dt.timedelta(minutes=30))
        signed_out = ok(w.portal.identity.logout(signed_in.principal, session))
        assert signed_out == SignedOut(
            account_id=signed_in.principal.account_id,
            method=LoginMethod.SPID,
            started_at=session.started_at,
            ended_at=w.clock.now(),
        )
        assert failure(w.portal.identity.check_session(ANONYMOUS, session)) == SessionEnded()
        assert failure(w.portal.identity.logout(signed_in.principal, session)) == SessionEnded()
        again = _signed_in(w)
        assert again.session != session
        assert ok(w.portal.identity.check_session(ANONYMOUS, again.session)) == again.principal
        assert failure(w.portal.identity.check_session(ANONYMOUS, session)) == SessionEnded()


def test_id_7_logout_ends_the_sessions_of_every_device() -> None:
    """ID-7 (decided): a logout ends every session of the account, a stolen one too."""
    w = world()
    phone, laptop = _signed_in(w), _signed_in(w, LoginMethod.CIE)
    ok(w.portal.identity.logout(laptop.principal, laptop.session))
    assert failure(w.portal.identity.check_session(ANONYMOUS, phone.session)) == SessionEnded()


def test_id_7_only_the_owner_logs_a_session_out() -> None:
    """ID-7, SEC-1: someone else's session, or a forged one, is not ended."""
    w = world()
    anna = _signed_in(w)
    mario = w.login(MARIO)
    assert failure(w.portal.identity.logout(mario, anna.session)) == SessionEnded()
    forged = attrs.evolve(anna.session, generation=anna.session.generation + 1)
    assert failure(w.portal.identity.logout(anna.principal, forged)) == SessionEnded()
    assert failure(w.portal.identity.check_session(ANONYMOUS, forged)) == SessionEnded()
    assert ok(w.portal.identity.check_session(ANONYMOUS, anna.session)) == anna.principal
    assert failure(w.portal.identity.logout(ANONYMOUS, anna.session)).code == "access.forbidden"
    unknown = attrs.evolve(anna.session, account_id=AccountId("nobody"))
    assert failure(w.portal.identity.check_session(ANONYMOUS, unknown)) == SessionEnded()


def test_id_7_regional_credentials_logout_ends_the_session_record() -> None:
    """ID-7: a regional-credentials login has a session that logout ends."""
    w = _registered()
    signed_in = ok(_login(w))
    assert signed_in.session.method is LoginMethod.REGIONAL
    ok(w.portal.identity.logout(signed_in.principal, signed_in.session))
    assert failure(w.portal.identity.check_session(ANONYMOUS, signed_in.session)) == (
        SessionEnded()
    )
    again = ok(_login(w))
    assert ok(w.portal.identity.check_session(ANONYMOUS, again.session)) == again.principal


def test_id_7_the_logout_record_carries_no_personal_data() -> None:
    """ID-7, SEC-3, SEC-5: the record holds the account id and times, no name or code."""
    w = world()
    signed_in = _signed_in(w)
    signed_out = ok(w.portal.identity.logout(signed_in.principal, signed_in.session))
    texts = " ".join(strings_in(attrs.asdict(signed_out)))
    for personal in (str(ANNA), "Anna", "Rossi", "anna.rossi@example.it"):
        assert personal not in texts


@pytest.mark.parametrize("kind", STORAGES)
def test_id_7_the_portal_ends_a_session_for_the_identity_provider_and_records_it(
    kind: str, tmp_path: pathlib.Path
) -> None:
    """ID-7, SEC-3: a verified single logout of SPID or CIE ends the session as SYSTEM;
    the record says the portal did it, for ``identity.provider_logout``."""
    with storage_of(kind, tmp_path) as storage:
        w = world_on(storage)
        signed_in = _signed_in(w, LoginMethod.CIE)
        signed_out = ok(w.portal.identity.logout(SYSTEM, signed_in.session))
        assert signed_out.account_id == signed_in.principal.account_id
        assert failure(w.portal.identity.check_session(ANONYMOUS, signed_in.session)) == (
            SessionEnded()
        )
        assert failure(w.portal.identity.logout(SYSTEM, signed_in.session)) == SessionEnded()
        last = ok(w.portal.privacy.access_log(signed_in.principal))[-1]
        assert (last.actor, last.action, last.use_case, last.refs) == (
            Actor.system(),
            AuditAction.LOGOUT,
            "identity.provider_logout",
            ("cie",),
        )


def test_id_7_no_one_but_the_citizen_and_the_portal_ends_a_session() -> None:
    """ID-7, SEC-1: a company or an operator cannot log a citizen out."""
    w = world()
    anna = _signed_in(w)
    for actor in (w.company(), OPERATOR):
        assert failure(w.portal.identity.logout(actor, anna.session)).code == "access.forbidden"
    assert ok(w.portal.identity.check_session(ANONYMOUS, anna.session)) == anna.principal
