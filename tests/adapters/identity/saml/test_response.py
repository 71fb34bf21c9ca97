"""Validation of SAML responses: what a valid one gives, and every refusal."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from returns.result import Success

from formlavoro_adapters.clock import SettableClock
from formlavoro_adapters.identity.saml import (
    AuthenticationCancelled,
    AuthenticationFailed,
    AuthenticationTimedOut,
    ConsentDenied,
    ExpiredCertificatePolicy,
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
    SamlProfile,
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
from formlavoro_core.identity.assertion import AssuranceLevel, IdentityAssertion
from formlavoro_core.identity.methods import LoginMethod
from tests.adapters.identity.saml.conftest import NOW, MakeProvider
from tests.adapters.identity.saml.idp import (
    IDP_ENTITY_ID,
    FakeIdentityProvider,
    encode,
    idp_metadata,
    make_idp_certificate,
)
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


def test_an_assertion_for_another_service_provider_is_refused(
    provider: SamlServiceProvider, idp: FakeIdentityProvider
) -> None:
    spec = spec_for(provider)
    spec.audience = "https://other-sp.example/metadata"
    failure = refusal(provider, idp.response(spec))
    assert failure == WrongAudience()


def test_a_response_sent_to_another_destination_is_refused(
    provider: SamlServiceProvider, idp: FakeIdentityProvider
) -> None:
    spec = spec_for(provider)
    spec.destination = "https://other-sp.example/acs"
    assert refusal(provider, idp.response(spec)) == WrongDestination(element="Response")


def test_an_assertion_for_another_recipient_is_refused(
    provider: SamlServiceProvider, idp: FakeIdentityProvider
) -> None:
    spec = spec_for(provider)
    spec.recipient = "https://other-sp.example/acs"
    assert refusal(provider, idp.response(spec)) == WrongDestination(
        element="SubjectConfirmationData"
    )


def test_a_response_without_destination_is_refused(
    provider: SamlServiceProvider, idp: FakeIdentityProvider
) -> None:
    xml = re.sub(r' Destination="[^"]*"', "", idp.response(spec_for(provider)), count=1)
    assert isinstance(refusal(provider, xml), MalformedResponse)


def test_a_response_from_another_issuer_is_refused(
    provider: SamlServiceProvider, idp: FakeIdentityProvider
) -> None:
    spec = spec_for(provider)
    spec.issuer = "https://evil-idp.example"
    assert refusal(provider, idp.response(spec)) == WrongIssuer(element="Response")


def test_spid_needs_the_assertion_issuer_format_and_cie_does_not(
    make_provider: MakeProvider, idp: FakeIdentityProvider
) -> None:
    spid = make_provider()
    spec = spec_for(spid)
    spec.assertion_issuer_format = None
    assert isinstance(refusal(spid, idp.response(spec)), MalformedResponse)
    cie = make_provider(
        profile=SamlProfile.CIE,
        requested_attributes=("name", "familyName", "dateOfBirth", "fiscalNumber"),
    )
    spec = spec_for(cie)
    spec.assertion_issuer_format = None
    spec.issuer_format = None
    result = cie.validate_response(encode(idp.response(spec)))
    assert isinstance(result, Success)
    assert result.unwrap().method is LoginMethod.CIE


def test_a_tampered_signed_assertion_is_refused(
    provider: SamlServiceProvider, idp: FakeIdentityProvider
) -> None:
    spec = spec_for(provider)
    spec.sign_response = False
    xml = idp.response(spec).replace("RSSNNA85T50A562J", "BNCGNN80A01H501T")
    assert isinstance(refusal(provider, xml), InvalidSignature)


def test_a_response_signed_by_another_key_is_refused_even_with_its_certificate_inside(
    provider: SamlServiceProvider, idp: FakeIdentityProvider, xmlsec: str
) -> None:
    evil = FakeIdentityProvider(
        make_idp_certificate(NOW - dt.timedelta(days=1), valid_for=dt.timedelta(days=30)),
        idp.key_file.parent.parent / "evil",
        xmlsec,
    )
    assert isinstance(refusal(provider, evil.response(spec_for(provider))), InvalidSignature)


def test_an_unsigned_assertion_in_a_signed_response_is_refused(
    provider: SamlServiceProvider, idp: FakeIdentityProvider
) -> None:
    spec = spec_for(provider)
    spec.sign_assertion = False
    assert isinstance(refusal(provider, idp.response(spec)), InvalidSignature)


def _evil_assertion(xml: str) -> str:
    start = xml.index("<saml:Assertion")
    end = xml.index("</saml:Assertion>") + len("</saml:Assertion>")
    signed = xml[start:end]
    evil = re.sub(r'ID="[^"]+"', 'ID="_evil"', signed, count=1)
    evil = re.sub(r"<ds:Signature.*</ds:Signature>", "", evil, flags=re.DOTALL)
    return evil.replace("RSSNNA85T50A562J", "BNCGNN80A01H501T")


def test_an_unsigned_assertion_next_to_the_signed_one_is_refused(
    provider: SamlServiceProvider, idp: FakeIdentityProvider
) -> None:
    def wrap(xml: str) -> str:
        evil = _evil_assertion(xml)
        return xml.replace("<saml:Assertion", evil + "<saml:Assertion", 1)

    xml = idp.response(spec_for(provider), wrap=wrap)
    assert isinstance(refusal(provider, xml), InvalidSignature)


def test_an_unsigned_assertion_wrapped_around_the_signed_one_is_refused(
    provider: SamlServiceProvider, idp: FakeIdentityProvider
) -> None:
    def wrap(xml: str) -> str:
        start = xml.index("<saml:Assertion")
        end = xml.index("</saml:Assertion>") + len("</saml:Assertion>")
        signed = xml[start:end]
        evil = _evil_assertion(xml)
        # The signed assertion hides in the evil one's Advice, where no one reads it.
        wrapped = evil.replace(
            "<saml:Subject>", f"<saml:Advice>{signed}</saml:Advice><saml:Subject>", 1
        )
        return xml[:start] + wrapped + xml[end:]

    spec = spec_for(provider)
    xml = idp.response(spec, wrap=wrap)
    assert isinstance(refusal(provider, xml), InvalidSignature)


def test_an_assertion_moved_out_of_the_signed_response_is_refused(
    provider: SamlServiceProvider, idp: FakeIdentityProvider
) -> None:
    def wrap(xml: str) -> str:
        # The evil assertion replaces the signed one, which moves into an Extensions.
        start = xml.index("<saml:Assertion")
        end = xml.index("</saml:Assertion>") + len("</saml:Assertion>")
        signed = xml[start:end]
        evil = _evil_assertion(xml)
        moved = xml[:start] + evil + xml[end:]
        return moved.replace(
            "<samlp:Status>", f"<samlp:Extensions>{signed}</samlp:Extensions><samlp:Status>", 1
        )

    assert isinstance(
        refusal(provider, idp.response(spec_for(provider), wrap=wrap)), InvalidSignature
    )


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


def test_an_idp_with_an_expired_certificate_is_refused_by_default(
    make_provider: MakeProvider, idp: FakeIdentityProvider, xmlsec: str
) -> None:
    expired = make_idp_certificate(NOW - dt.timedelta(days=400), valid_for=dt.timedelta(days=365))
    old_idp = FakeIdentityProvider(
        expired,
        idp.key_file.parent.parent / "expired",
        xmlsec,
    )
    metadata = (idp_metadata(expired.certificate_pem),)
    refusing = make_provider(metadata=metadata)
    assert refusing.login(IDP_ENTITY_ID).failure() == IdpCertificateExpired(entity_id=IDP_ENTITY_ID)
    accepting = make_provider(
        metadata=metadata, expired_idp_certificates=ExpiredCertificatePolicy.ACCEPT
    )
    spec = spec_for(accepting)
    assert isinstance(accepting.validate_response(encode(old_idp.response(spec))), Success)
    # A request made while the policy accepted it is refused once the policy refuses.
    spec = spec_for(accepting)
    assert refusal(refusing, old_idp.response(spec)) == IdpCertificateExpired(
        entity_id=IDP_ENTITY_ID
    )


def test_login_with_an_unknown_idp_is_refused(provider: SamlServiceProvider) -> None:
    assert provider.login("https://nobody.example").failure() == UnknownIdentityProvider()
