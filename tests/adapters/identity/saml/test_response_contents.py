"""Validation of SAML responses: the attributes, the level, and the error statuses.

The requested attributes must be there and the fiscal number valid; the level must be
at least the one requested; each SPID error code has its own failure, each failure its
own code.
"""

from __future__ import annotations

import pytest

from formlavoro_adapters.identity.saml import (
    AuthenticationCancelled,
    AuthenticationFailed,
    AuthenticationTimedOut,
    ConsentDenied,
    IdentitySuspended,
    IdpCertificateExpired,
    InsufficientLevel,
    InvalidFiscalNumber,
    InvalidSignature,
    MalformedResponse,
    MissingAttributes,
    NoCredentialsForLevel,
    RelayStateMismatch,
    ReplayedAssertion,
    SamlFailure,
    SamlServiceProvider,
    StaleResponse,
    TooManyAttempts,
    UnknownIdentityProvider,
    UnknownRequest,
    WeakDigestAlgorithm,
    WeakSignatureAlgorithm,
    WrongAudience,
    WrongDestination,
    WrongIssuer,
)
from formlavoro_core.identity.assertion import AssuranceLevel
from tests.adapters.identity.saml.idp import FakeIdentityProvider, encode
from tests.adapters.identity.saml.support import refusal, spec_for


def test_a_missing_fiscal_number_is_refused(
    provider: SamlServiceProvider, idp: FakeIdentityProvider
) -> None:
    spec = spec_for(provider)
    del spec.attributes["fiscalNumber"]
    assert refusal(provider, idp.response(spec)) == MissingAttributes(names=("fiscalNumber",))


def test_an_empty_requested_attribute_is_refused(
    provider: SamlServiceProvider, idp: FakeIdentityProvider
) -> None:
    spec = spec_for(provider)
    spec.attributes["email"] = ""
    assert refusal(provider, idp.response(spec)) == MissingAttributes(names=("email",))


def test_an_invalid_fiscal_number_is_refused(
    provider: SamlServiceProvider, idp: FakeIdentityProvider
) -> None:
    spec = spec_for(provider)
    spec.attributes["fiscalNumber"] = "TINIT-RSSNNA85T50A562K"
    assert refusal(provider, idp.response(spec)) == InvalidFiscalNumber(reason="invalid")


def test_a_lower_level_than_requested_is_refused(
    provider: SamlServiceProvider, idp: FakeIdentityProvider
) -> None:
    spec = spec_for(provider, AssuranceLevel.SUBSTANTIAL)
    spec.level = "https://www.spid.gov.it/SpidL1"
    assert refusal(provider, idp.response(spec)) == InsufficientLevel(
        requested=AssuranceLevel.SUBSTANTIAL, received=AssuranceLevel.LOW
    )


def test_a_higher_level_than_requested_is_accepted(
    provider: SamlServiceProvider, idp: FakeIdentityProvider
) -> None:
    spec = spec_for(provider, AssuranceLevel.LOW)
    spec.level = "https://www.spid.gov.it/SpidL3"
    result = provider.validate_response(encode(idp.response(spec)))
    assert result.unwrap().level is AssuranceLevel.HIGH


def test_an_unknown_authentication_context_is_refused(
    provider: SamlServiceProvider, idp: FakeIdentityProvider
) -> None:
    spec = spec_for(provider)
    spec.level = "urn:oasis:names:tc:SAML:2.0:ac:classes:SpidL2"
    assert isinstance(refusal(provider, idp.response(spec)), MalformedResponse)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("ErrorCode nr19", TooManyAttempts()),
        ("ErrorCode nr20", NoCredentialsForLevel()),
        ("ErrorCode nr21", AuthenticationTimedOut()),
        ("ErrorCode nr22", ConsentDenied()),
        ("ErrorCode nr23", IdentitySuspended()),
        ("ErrorCode nr25", AuthenticationCancelled()),
    ],
)
def test_each_spid_error_code_has_its_own_failure(
    provider: SamlServiceProvider,
    idp: FakeIdentityProvider,
    message: str,
    expected: SamlFailure,
) -> None:
    spec = spec_for(provider)
    spec.status = "urn:oasis:names:tc:SAML:2.0:status:Responder"
    spec.status_message = message
    failure = refusal(provider, idp.response(spec))
    assert failure == expected
    assert failure.code == expected.CODE
    assert failure.message != SamlFailure().message


def test_an_unknown_error_status_is_a_generic_failure(
    provider: SamlServiceProvider, idp: FakeIdentityProvider
) -> None:
    spec = spec_for(provider)
    spec.status = "urn:oasis:names:tc:SAML:2.0:status:Responder"
    spec.status_message = "ErrorCode nr30"
    assert refusal(provider, idp.response(spec)) == AuthenticationFailed(
        status="urn:oasis:names:tc:SAML:2.0:status:Responder"
    )


def test_every_failure_code_is_distinct() -> None:
    classes: list[type[SamlFailure]] = [
        AuthenticationCancelled,
        AuthenticationFailed,
        AuthenticationTimedOut,
        ConsentDenied,
        IdentitySuspended,
        IdpCertificateExpired,
        InsufficientLevel,
        InvalidFiscalNumber,
        InvalidSignature,
        MalformedResponse,
        MissingAttributes,
        NoCredentialsForLevel,
        RelayStateMismatch,
        ReplayedAssertion,
        StaleResponse,
        TooManyAttempts,
        UnknownIdentityProvider,
        UnknownRequest,
        WeakDigestAlgorithm,
        WeakSignatureAlgorithm,
        WrongAudience,
        WrongDestination,
        WrongIssuer,
    ]
    codes = [cls.CODE for cls in classes]
    assert len(set(codes)) == len(codes)
    assert all(code.startswith("identity.saml.") for code in codes)
