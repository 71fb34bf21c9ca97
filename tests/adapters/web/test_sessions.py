"""Signed, expiring session tokens for the consent receipt and the session (issue 12.5)."""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest

from formlavoro_adapters.sealing import HmacSealer
from formlavoro_adapters.web import SessionTokens
from formlavoro_core import ANONYMOUS
from formlavoro_core.identity.assertion import AssuranceLevel, IdentityAssertion
from formlavoro_core.identity.methods import LoginMethod
from formlavoro_core.principals import CitizenPrincipal
from formlavoro_core.values import EmailAddress
from tests.support import ANNA, SECRET_KEY, World, failure, ok, world

HOUR = dt.timedelta(hours=1)


@pytest.fixture
def portal_world() -> World:
    return world()


@pytest.fixture
def tokens(portal_world: World) -> SessionTokens:
    return SessionTokens(HmacSealer(SECRET_KEY), portal_world.clock, lifetime=HOUR)


def _sign_in(portal_world: World, tokens: SessionTokens) -> tuple[str, CitizenPrincipal]:
    """Accept the notices, keep the receipt in a token, log in with it, keep the session."""
    before_login = tokens.issue(consent=portal_world.consent())
    receipt = ok(tokens.read(before_login)).consent
    assertion = IdentityAssertion(
        method=LoginMethod.SPID,
        fiscal_code=ANNA,
        given_name="Anna",
        family_name="Rossi",
        email=EmailAddress("anna.rossi@example.it"),
        level=AssuranceLevel.SUBSTANTIAL,
    )
    signed_in = ok(portal_world.portal.identity.login(ANONYMOUS, assertion, consent=receipt))
    return tokens.issue(session=signed_in.session, consent=receipt), signed_in.principal


def test_id8_the_consent_receipt_kept_in_a_token_opens_the_login(
    portal_world: World, tokens: SessionTokens
) -> None:
    """ID-1, ID-8: the receipt comes back from the token as issued, and login takes it."""
    token, principal = _sign_in(portal_world, tokens)
    assert ok(tokens.principal(portal_world.portal, token)) == principal


def test_id7_a_logout_ends_every_token_of_the_session(
    portal_world: World, tokens: SessionTokens
) -> None:
    """ID-7: the token is checked against the session generation on each request."""
    token, principal = _sign_in(portal_world, tokens)
    session = ok(tokens.read(token)).session
    assert session is not None
    ok(portal_world.portal.identity.logout(principal, session))
    assert failure(tokens.principal(portal_world.portal, token)).code == "identity.session.ended"


def test_a_token_expires_after_its_lifetime(portal_world: World, tokens: SessionTokens) -> None:
    token, _ = _sign_in(portal_world, tokens)
    portal_world.clock.advance(HOUR - dt.timedelta(seconds=1))
    assert ok(tokens.principal(portal_world.portal, token))
    portal_world.clock.advance(dt.timedelta(seconds=1))
    assert failure(tokens.read(token)).code == "web.session.expired"
    assert failure(tokens.principal(portal_world.portal, token)).code == "web.session.expired"


def _reseal(token: str, change: dict[str, object], key: bytes) -> str:
    text, _, _ = token.rpartition(".")
    form, _, encoded = text.partition(".")
    data = json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
    data.update(change)
    raw = base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")
    changed = f"{form}.{raw}"
    return f"{changed}.{HmacSealer(key).seal('web-session', changed)}"


def test_a_changed_token_is_refused(portal_world: World, tokens: SessionTokens) -> None:
    token, _ = _sign_in(portal_world, tokens)
    text, _, seal = token.rpartition(".")
    form, _, encoded = text.partition(".")
    data = json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
    later = {**data, "e": data["e"] + 10**12}
    longer = base64.urlsafe_b64encode(json.dumps(later).encode()).decode().rstrip("=")
    forged = [
        f"{form}.{longer}.{seal}",  # a later expiry under the old seal
        _reseal(token, {"e": data["e"] + 10**12}, b"another portal's secret key!!!!!"),
        token[:-1] + ("A" if token[-1] != "A" else "B"),
        token.replace("w1.", "w2.", 1),
        "w1.e30.AAAA",
        "x" * 5000,
        ".",
    ]
    for candidate in forged:
        assert failure(tokens.read(candidate)).code == "web.session.invalid", candidate


def test_a_token_signed_for_another_purpose_is_refused(
    portal_world: World, tokens: SessionTokens
) -> None:
    token = tokens.issue()
    text, _, _ = token.rpartition(".")
    consent_seal = HmacSealer(SECRET_KEY).seal("consent-receipt", text)
    assert failure(tokens.read(f"{text}.{consent_seal}")).code == "web.session.invalid"


def test_a_well_signed_token_of_unexpected_shape_is_refused_not_raised(
    portal_world: World, tokens: SessionTokens
) -> None:
    token = tokens.issue()
    changes: list[dict[str, object]] = [
        {"s": {"a": 1}},
        {"c": "not a receipt"},
        {"i": "soon"},
        {"x": 1},
    ]
    for change in changes:
        assert failure(tokens.read(_reseal(token, change, SECRET_KEY))).code == (
            "web.session.invalid"
        )


def test_no_token_or_no_login_yet_asks_to_log_in(
    portal_world: World, tokens: SessionTokens
) -> None:
    assert failure(tokens.read(None)).code == "web.session.missing"
    assert failure(tokens.read("  ")).code == "web.session.missing"
    consent_only = tokens.issue(consent=portal_world.consent())
    assert failure(tokens.principal(portal_world.portal, consent_only)).code == (
        "web.session.missing"
    )


def test_sec5_a_token_holds_no_personal_data(portal_world: World, tokens: SessionTokens) -> None:
    """SEC-5: ids, the generation, the method and times only."""
    token, _ = _sign_in(portal_world, tokens)
    text = token.rpartition(".")[0].partition(".")[2]
    decoded = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
    for secret in (str(ANNA), "Anna", "Rossi", "example.it"):
        assert secret not in decoded
