"""Validation of SAML responses: what a valid one gives, once and in time.

A response answers one pending request, with its relay state, within its time window,
and is consumed; bad input is a refusal, never an exception. Who a response may come
from and be for is in ``test_response_addressing``, its signatures in
``test_response_signatures``, its contents and error statuses in
``test_response_contents``, the stricter rules of issue 9 in ``test_response_strictness``.
"""

from __future__ import annotations

import datetime as dt

import pytest
from returns.result import Success

from formlavoro_adapters.clock import SettableClock
from formlavoro_adapters.identity.saml import (
    MalformedResponse,
    RelayStateMismatch,
    ReplayedAssertion,
    SamlServiceProvider,
    StaleResponse,
    UnknownRequest,
)
from formlavoro_core.identity.assertion import AssuranceLevel, IdentityAssertion
from formlavoro_core.identity.methods import LoginMethod
from tests.adapters.identity.saml.conftest import NOW
from tests.adapters.identity.saml.idp import IDP_ENTITY_ID, FakeIdentityProvider, encode
from tests.adapters.identity.saml.support import refusal, spec_for


def test_a_valid_response_gives_the_identity_assertion(
    provider: SamlServiceProvider, idp: FakeIdentityProvider
) -> None:
    xml = idp.response(spec_for(provider))
    result = provider.validate_form({"SAMLResponse": encode(xml), "RelayState": "/home"})
    assert isinstance(result, Success)
    identity = result.unwrap()
    assert isinstance(identity, IdentityAssertion)
    assert identity.method is LoginMethod.SPID
    assert str(identity.fiscal_code) == "RSSNNA85T50A562J"
    assert (identity.given_name, identity.family_name) == ("Anna", "Rossi")
    assert identity.email == "anna.rossi@example.it"
    assert identity.level is AssuranceLevel.SUBSTANTIAL
    assert identity.issuer == IDP_ENTITY_ID


def test_a_response_signed_on_the_assertion_only_is_accepted(
    provider: SamlServiceProvider, idp: FakeIdentityProvider
) -> None:
    spec = spec_for(provider)
    spec.sign_response = False
    assert isinstance(provider.validate_response(encode(idp.response(spec))), Success)


def test_a_consumed_response_cannot_be_used_again(
    provider: SamlServiceProvider, idp: FakeIdentityProvider
) -> None:
    xml = idp.response(spec_for(provider))
    assert isinstance(provider.validate_response(encode(xml)), Success)
    assert isinstance(refusal(provider, xml), UnknownRequest)


def test_a_response_posted_with_another_relay_state_is_refused_and_used_up(
    provider: SamlServiceProvider, idp: FakeIdentityProvider
) -> None:
    xml = idp.response(spec_for(provider))
    posted = provider.validate_form({"SAMLResponse": encode(xml), "RelayState": "/elsewhere"})
    assert posted.failure() == RelayStateMismatch()
    assert posted.failure().code == "identity.saml.relay_state_mismatch"
    again = provider.validate_form({"SAMLResponse": encode(xml), "RelayState": "/home"})
    assert isinstance(again.failure(), UnknownRequest)


def test_an_accepted_assertion_id_is_refused_in_a_second_response(
    provider: SamlServiceProvider, idp: FakeIdentityProvider
) -> None:
    first = spec_for(provider)
    assert isinstance(provider.validate_response(encode(idp.response(first))), Success)
    second = spec_for(provider)
    second.assertion_id = first.assertion_id
    assert refusal(provider, idp.response(second)) == ReplayedAssertion()


def test_a_response_without_a_pending_request_is_refused(
    provider: SamlServiceProvider, idp: FakeIdentityProvider
) -> None:
    spec = spec_for(provider)
    spec.request_id = "_never-sent"
    assert isinstance(refusal(provider, idp.response(spec)), UnknownRequest)


def test_a_response_after_the_request_expired_is_refused(
    provider: SamlServiceProvider, idp: FakeIdentityProvider, clock: SettableClock
) -> None:
    xml = idp.response(spec_for(provider))
    clock.advance(dt.timedelta(minutes=16))
    assert isinstance(refusal(provider, xml), UnknownRequest)


@pytest.mark.parametrize(
    ("shift", "reason"),
    [
        (dt.timedelta(minutes=-20), "before the request"),
        (dt.timedelta(minutes=10), "in the future"),
    ],
)
def test_an_issue_instant_outside_the_window_is_refused(
    provider: SamlServiceProvider, idp: FakeIdentityProvider, shift: dt.timedelta, reason: str
) -> None:
    spec = spec_for(provider)
    spec.issued_at = NOW + shift
    spec.lifetime = dt.timedelta(hours=1)
    failure = refusal(provider, idp.response(spec))
    assert isinstance(failure, StaleResponse)
    assert reason in failure.reason


def test_a_response_arriving_too_late_is_refused(
    provider: SamlServiceProvider, idp: FakeIdentityProvider, clock: SettableClock
) -> None:
    spec = spec_for(provider)
    spec.lifetime = dt.timedelta(hours=1)
    xml = idp.response(spec)
    clock.advance(dt.timedelta(minutes=8))
    failure = refusal(provider, xml)
    assert isinstance(failure, StaleResponse)
    assert "too old" in failure.reason


def test_an_expired_assertion_is_refused(
    provider: SamlServiceProvider, idp: FakeIdentityProvider, clock: SettableClock
) -> None:
    spec = spec_for(provider)
    spec.lifetime = dt.timedelta(minutes=1)
    xml = idp.response(spec)
    clock.advance(dt.timedelta(minutes=3))
    failure = refusal(provider, xml)
    assert isinstance(failure, StaleResponse)
    assert "has passed" in failure.reason


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "not base64 !",
        "PGZvbz48L2Zvbz4=",  # <foo></foo>
        "PCFET0NUWVBFIGE+PGE+PC9hPg==",  # <!DOCTYPE a><a></a>
    ],
)
def test_bad_input_is_a_malformed_response_never_an_exception(
    provider: SamlServiceProvider, bad: str
) -> None:
    result = provider.validate_response(bad)
    assert isinstance(result.failure(), MalformedResponse)
