"""ID-8: the consent receipt a login accepts is issued, sealed, by the portal itself."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from returns.result import Result

from formlavoro_adapters import bootstrap
from formlavoro_adapters.sealing import HmacSealer
from formlavoro_core.config import PortalConfig
from formlavoro_core.errors import DomainError, InvalidInput
from formlavoro_core.identity.assertion import IdentityAssertion
from formlavoro_core.identity.failures import InvalidConsent
from formlavoro_core.identity.fiscal_code import FiscalCode
from formlavoro_core.identity.methods import LoginMethod
from formlavoro_core.identity.model import ConsentReceipt
from formlavoro_core.identity.services import RegionalRegistration
from formlavoro_core.principals import ANONYMOUS
from formlavoro_core.values import EmailAddress
from tests.support import ANNA, MARIO, ROME, START, World, failure, ok, world

SPID = IdentityAssertion(
    method=LoginMethod.SPID, fiscal_code=ANNA, given_name="Anna", family_name="Rossi"
)
REGISTRATION = RegionalRegistration(
    fiscal_code=MARIO,
    given_name="Mario",
    family_name="Rossi",
    email=EmailAddress("mario.rossi@example.it"),
    username="mario.rossi",
    password="una frase abbastanza lunga",
)
LAURA = FiscalCode.parse("BNCLRA90A41D969K")
BEFORE_CLOSURE = dt.datetime(2021, 1, 15, 9, 0, tzinfo=dt.UTC)

Login = Callable[[World, Any], Result[object, DomainError]]
LOGINS: dict[str, Login] = {
    "login": lambda w, receipt: w.portal.identity.login(ANONYMOUS, SPID, consent=receipt),
    "login_regional": lambda w, receipt: w.portal.identity.login_regional(
        ANONYMOUS,
        username="mario.rossi",
        password="una frase abbastanza lunga",
        consent=receipt,
        source="192.0.2.1",
    ),
    "register_regional": lambda w, receipt: w.portal.identity.register_regional(
        ANONYMOUS,
        attrs.evolve(REGISTRATION, fiscal_code=LAURA, username="laura.b"),
        consent=receipt,
    ),
}


def _world() -> World:
    """A portal where regional credentials still work, with Mario registered."""
    w = world(start=BEFORE_CLOSURE)
    ok(w.portal.identity.register_regional(ANONYMOUS, REGISTRATION, consent=w.consent()))
    return w


@pytest.fixture(params=sorted(LOGINS))
def login(request: pytest.FixtureRequest) -> Login:
    return LOGINS[request.param]


def test_id_8_a_receipt_carries_the_clock_time_and_the_portals_seal() -> None:
    w = _world()
    w.clock.advance(dt.timedelta(minutes=3, microseconds=7))
    receipt = w.consent()
    assert receipt.accepted_at == w.clock.now()
    assert receipt.seal
    assert "seal" not in repr(receipt)


def test_id_8_a_hand_built_receipt_is_refused_and_stores_nothing(login: Login) -> None:
    """ID-8 / point 5: a receipt built by the caller, with any time, opens no login."""
    w = _world()
    before = w.storage.dump()
    for accepted_at in (BEFORE_CLOSURE, BEFORE_CLOSURE - dt.timedelta(days=400), START):
        forged = ConsentReceipt(
            privacy_notice_version="1", citizen_regulation_version="1", accepted_at=accepted_at
        )
        error = failure(login(w, forged))
        assert error == InvalidConsent()
        assert error.code == "identity.consent.invalid"
    assert w.storage.dump() == before


@pytest.mark.parametrize(
    "change",
    [
        {"accepted_at": BEFORE_CLOSURE - dt.timedelta(minutes=5)},
        {"accepted_at": BEFORE_CLOSURE + dt.timedelta(seconds=1)},
        {"privacy_notice_version": "2"},
        {"citizen_regulation_version": "0"},
        {"seal": "A" * 43},
    ],
)
def test_id_8_a_receipt_changed_after_issue_is_refused(change: dict[str, Any]) -> None:
    w = _world()
    tampered = attrs.evolve(w.consent(), **change)
    assert failure(LOGINS["login"](w, tampered)) == InvalidConsent()


def test_id_8_a_receipt_of_a_portal_with_another_secret_is_refused(login: Login) -> None:
    w = _world()
    other = bootstrap(
        config=w.portal.config,
        clock=w.clock,
        storage=w.storage,
        reference=w.portal.reference,
        sealer=HmacSealer(b"another portal's secret, 32 byte"),
    )
    notices = other.identity.notices()
    foreign = ok(
        other.identity.accept_notices(
            ANONYMOUS,
            privacy_notice_version=notices.privacy_notice_version,
            citizen_regulation_version=notices.citizen_regulation_version,
        )
    )
    assert failure(login(w, foreign)) == InvalidConsent()


def test_id_8_a_receipt_older_than_its_lifetime_is_refused(login: Login) -> None:
    w = _world()
    receipt = w.consent()
    w.clock.advance(dt.timedelta(hours=1, microseconds=1))
    assert failure(login(w, receipt)) == InvalidConsent()


def test_id_8_a_receipt_works_for_its_whole_lifetime() -> None:
    w = _world()
    receipt = w.consent()
    w.clock.advance(dt.timedelta(hours=1))
    ok(LOGINS["login"](w, receipt))


def test_id_8_the_lifetime_is_configuration() -> None:
    w = world(PortalConfig(timezone=ROME, consent_receipt_lifetime=dt.timedelta(minutes=5)))
    receipt = w.consent()
    w.clock.advance(dt.timedelta(minutes=6))
    assert failure(LOGINS["login"](w, receipt)) == InvalidConsent()
    with pytest.raises(ValueError, match="consent_receipt_lifetime"):
        PortalConfig(timezone=ROME, consent_receipt_lifetime=dt.timedelta(0))


def test_id_8_a_receipt_dated_in_the_future_is_refused_beyond_a_minute() -> None:
    """Another process's clock may run a little ahead; a receipt from later is forged."""
    w = _world()
    receipt = w.consent()
    w.clock.set(BEFORE_CLOSURE - dt.timedelta(seconds=59))
    ok(LOGINS["login"](w, receipt))
    w.clock.set(BEFORE_CLOSURE - dt.timedelta(minutes=1, seconds=1))
    assert failure(LOGINS["login"](w, receipt)) == InvalidConsent()


def test_id_8_a_receipt_travels_as_a_compact_token_and_back(login: Login) -> None:
    w = _world()
    receipt = w.consent()
    token = receipt.to_token()
    assert len(token) < 100
    assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.")
    back = ok(ConsentReceipt.from_token(token))
    assert back == receipt
    ok(login(w, back))


def test_id_8_a_tampered_token_is_refused() -> None:
    w = _world()
    form, when, privacy, regulation, seal = w.consent().to_token().split(".")
    earlier = str(int(when) - 60_000_000)
    tampered = ok(ConsentReceipt.from_token(".".join((form, earlier, privacy, regulation, seal))))
    assert failure(LOGINS["login"](w, tampered)) == InvalidConsent()


@pytest.mark.parametrize(
    "token",
    [
        "",
        "c1",
        "c1.1.MQ.MQ",
        "c2.1.MQ.MQ.seal",
        "c1.x.MQ.MQ.seal",
        "c1.1.M.MQ.seal",
        "c1.1.MR.MQ.s",
        5,
    ],
)
def test_id_8_a_malformed_token_is_refused_with_the_same_code(token: object) -> None:
    assert failure(ConsentReceipt.from_token(token)) == InvalidConsent()


def test_id_8_a_wrong_typed_receipt_is_invalid_input(login: Login) -> None:
    w = _world()
    error = failure(login(w, w.consent().to_token()))
    assert isinstance(error, InvalidInput)
    assert [problem.path for problem in error.problems] == ["consent"]
    naive = attrs.evolve(w.consent(), accepted_at=dt.datetime(2021, 1, 15, 9, 0))  # noqa: DTZ001
    error = failure(login(w, naive))
    assert isinstance(error, InvalidInput)
    assert [problem.path for problem in error.problems] == ["accepted_at"]
