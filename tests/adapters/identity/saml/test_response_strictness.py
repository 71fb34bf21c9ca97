"""Issue 9 point 2: signature algorithms, the fiscalNumber rule, error responses.

The identity provider of these tests signs with ``xmlsec1``, which still signs and
verifies SHA-1: what is refused here is refused by the library, not by the tools.
"""

from __future__ import annotations

import json

import pytest
from returns.result import Success

from formlavoro_adapters.identity.saml import (
    AuthenticationFailed,
    IdentitySuspended,
    InvalidFiscalNumber,
    InvalidSignature,
    MalformedResponse,
    SamlFailure,
    SamlServiceProvider,
    WeakDigestAlgorithm,
    WeakSignatureAlgorithm,
    WrongIssuer,
)
from tests.adapters.identity.saml.idp import (
    RSA_SHA1,
    RSA_SHA256,
    RSA_SHA512,
    SHA1,
    SHA256,
    SHA512,
    STRONG,
    FakeIdentityProvider,
    encode,
)
from tests.adapters.identity.saml.support import refusal, spec_for

RESPONDER = "urn:oasis:names:tc:SAML:2.0:status:Responder"
PERSONAL = ("RSSMRA85T10A562S", "Mario", "Rossi", "mario.rossi@example.it")


def shown(failure: SamlFailure) -> str:
    """Everything a failure can put before a person or into a log line."""
    return f"{failure.message} {failure!r} {json.dumps(failure.to_dict())}"


# Signature and digest methods


@pytest.mark.parametrize(
    ("response", "assertion", "expected"),
    [
        (
            (RSA_SHA1, SHA256),
            STRONG,
            WeakSignatureAlgorithm(element="Response", algorithm="rsa-sha1"),
        ),
        (
            STRONG,
            (RSA_SHA1, SHA256),
            WeakSignatureAlgorithm(element="Assertion", algorithm="rsa-sha1"),
        ),
        ((RSA_SHA256, SHA1), STRONG, WeakDigestAlgorithm(element="Response", algorithm="sha1")),
        (STRONG, (RSA_SHA256, SHA1), WeakDigestAlgorithm(element="Assertion", algorithm="sha1")),
        (
            STRONG,
            ("http://www.w3.org/2001/04/xmldsig-more#rsa-sha224", SHA256),
            WeakSignatureAlgorithm(element="Assertion", algorithm="rsa-sha224"),
        ),
    ],
    ids=["response-rsa-sha1", "assertion-rsa-sha1", "response-sha1", "assertion-sha1", "sha224"],
)
def test_point2_sha1_or_weaker_signatures_are_refused_with_their_own_codes(
    provider: SamlServiceProvider,
    idp: FakeIdentityProvider,
    response: tuple[str, str],
    assertion: tuple[str, str],
    expected: SamlFailure,
) -> None:
    """Issue 9 point 2: only SHA-256 or stronger, for the signature and the digest."""
    spec = spec_for(provider)
    spec.response_algorithms = response
    spec.assertion_algorithms = assertion

    failure = refusal(provider, idp.response(spec))

    assert failure == expected
    assert failure.code in {
        "identity.saml.weak_signature_algorithm",
        "identity.saml.weak_digest_algorithm",
    }


def test_point2_an_assertion_signed_with_sha1_is_refused_without_a_response_signature(
    provider: SamlServiceProvider, idp: FakeIdentityProvider
) -> None:
    spec = spec_for(provider)
    spec.sign_response = False
    spec.assertion_algorithms = (RSA_SHA1, SHA1)

    assert refusal(provider, idp.response(spec)) == WeakSignatureAlgorithm(
        element="Assertion", algorithm="rsa-sha1"
    )


def test_point2_sha512_signatures_are_accepted(
    provider: SamlServiceProvider, idp: FakeIdentityProvider
) -> None:
    spec = spec_for(provider)
    spec.response_algorithms = spec.assertion_algorithms = (RSA_SHA512, SHA512)

    assert isinstance(provider.validate_response(encode(idp.response(spec))), Success)


def test_point2_a_signature_over_two_references_is_refused(
    provider: SamlServiceProvider, idp: FakeIdentityProvider
) -> None:
    spec = spec_for(provider)

    def second_reference(xml: str) -> str:
        # The response's signature names the response twice: two references.
        start = xml.index(f'<ds:Reference URI="#{spec.response_id}">')
        end = xml.index("</ds:Reference>", start) + len("</ds:Reference>")
        return xml[:end] + xml[start:end] + xml[end:]

    assert refusal(provider, idp.response(spec, wrap=second_reference)) == InvalidSignature(
        reason="references"
    )


# fiscalNumber


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("tinit-rssnna85t50a562j", "format"),
        ("TINIT-rssnna85t50a562j", "format"),
        ("RSSNNA85T50A562J", "format"),
        ("IT-RSSNNA85T50A562J", "format"),
        (" TINIT-RSSNNA85T50A562J", "format"),
        ("TINIT-RSSNNA85T50A562J ", "format"),
        ("TINIT-RSSNNA85T50A562JX", "format"),
        ("TINIT-RSSNNA85T50A562K", "invalid"),
        ("TINIT-RSSNNA85T50A56XJ", "invalid"),
    ],
)
def test_point2_a_fiscal_number_not_exactly_tinit_and_a_valid_code_is_refused(
    provider: SamlServiceProvider, idp: FakeIdentityProvider, value: str, reason: str
) -> None:
    """Issue 9 point 2: ``TINIT-`` and a valid 16-character code, as sent, nothing else."""
    spec = spec_for(provider)
    spec.attributes["fiscalNumber"] = value

    failure = refusal(provider, idp.response(spec))

    assert failure == InvalidFiscalNumber(reason=reason)
    assert value.strip().upper()[-16:] not in shown(failure)


@pytest.mark.parametrize("repeated", [False, True], ids=["two-values", "two-attributes"])
def test_point2_a_fiscal_number_with_two_values_is_refused(
    provider: SamlServiceProvider, idp: FakeIdentityProvider, repeated: bool
) -> None:
    """Issue 9 point 2: exactly one value, even when both are the same code."""
    spec = spec_for(provider)
    code = "TINIT-RSSNNA85T50A562J"
    if repeated:
        spec.repeated_attributes = (("fiscalNumber", code),)
    else:
        spec.attributes["fiscalNumber"] = (code, code)

    assert refusal(provider, idp.response(spec)) == InvalidFiscalNumber(reason="count", values=2)


# Error responses


def test_point2_an_unsigned_error_response_is_a_generic_refusal_whatever_it_says(
    provider: SamlServiceProvider, idp: FakeIdentityProvider
) -> None:
    """Issue 9 point 2: an unsigned StatusMessage is written by whoever posts it."""
    spec = spec_for(provider)
    spec.status = RESPONDER
    spec.sign_response = False
    spec.status_message = "ErrorCode nr23: Mario Rossi, call +39 010 000000 now"

    failure = refusal(provider, idp.response(spec))

    assert failure == AuthenticationFailed(status=RESPONDER)
    assert not any(word in shown(failure) for word in ("nr23", "Mario", "010 000000"))


def test_point2_a_signed_error_response_maps_its_anomaly_code(
    provider: SamlServiceProvider, idp: FakeIdentityProvider
) -> None:
    spec = spec_for(provider)
    spec.status = RESPONDER
    spec.status_message = "ErrorCode nr23"

    assert refusal(provider, idp.response(spec)) == IdentitySuspended()


def test_point2_an_error_response_whose_signature_fails_is_refused(
    provider: SamlServiceProvider, idp: FakeIdentityProvider
) -> None:
    spec = spec_for(provider)
    spec.status = RESPONDER
    spec.status_message = "ErrorCode nr22"
    xml = idp.response(spec).replace("ErrorCode nr22", "ErrorCode nr23")

    assert refusal(provider, xml) == InvalidSignature(reason="not_verified")


def test_point2_an_error_response_signed_with_sha1_is_refused(
    provider: SamlServiceProvider, idp: FakeIdentityProvider
) -> None:
    spec = spec_for(provider)
    spec.status = RESPONDER
    spec.status_message = "ErrorCode nr23"
    spec.response_algorithms = (RSA_SHA1, SHA1)

    assert refusal(provider, idp.response(spec)) == WeakSignatureAlgorithm(
        element="Response", algorithm="rsa-sha1"
    )


def test_sec5_an_error_status_outside_saml_is_kept_as_other(
    provider: SamlServiceProvider, idp: FakeIdentityProvider
) -> None:
    spec = spec_for(provider)
    spec.status = "urn:example:RSSMRA85T10A562S"
    spec.status_message = "Mario Rossi"

    failure = refusal(provider, idp.response(spec))

    assert failure == AuthenticationFailed(status="other")
    assert not any(word in shown(failure) for word in PERSONAL)


# What the identity provider writes stays out of failures (SEC-5)


def test_sec5_text_the_identity_provider_wrote_is_not_in_the_failure(
    provider: SamlServiceProvider, idp: FakeIdentityProvider
) -> None:
    spec = spec_for(provider)
    spec.issuer = "https://idp.example/Mario-Rossi-RSSMRA85T10A562S"
    issuer = refusal(provider, idp.response(spec))
    spec = spec_for(provider)
    spec.level = "https://www.spid.gov.it/Mario-Rossi-RSSMRA85T10A562S"
    level = refusal(provider, idp.response(spec))

    assert issuer == WrongIssuer(element="Response")
    assert isinstance(level, MalformedResponse)
    for failure in (issuer, level):
        assert not any(word in shown(failure) for word in PERSONAL), shown(failure)
