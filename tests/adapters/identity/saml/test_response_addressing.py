"""Validation of SAML responses: who a response may come from, and who it must be for.

The audience, destination and recipient name this service provider; the issuer is the
identity provider asked, known and, by default, with a certificate still valid.
"""

from __future__ import annotations

import datetime as dt
import re

from returns.result import Success

from formlavoro_adapters.identity.saml import (
    ExpiredCertificatePolicy,
    IdpCertificateExpired,
    MalformedResponse,
    SamlProfile,
    SamlServiceProvider,
    UnknownIdentityProvider,
    WrongAudience,
    WrongDestination,
    WrongIssuer,
)
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
