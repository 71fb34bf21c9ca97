"""ID-7: SAML single logout started by the portal: signed LogoutRequest, checked response."""

from __future__ import annotations

import base64
import datetime as dt
import pathlib

import pytest
from defusedxml import ElementTree as SafeET
from returns.result import Failure, Success
from saml2.sigver import CryptoBackendXmlSec1

from formlavoro_adapters.identity.saml import (
    Binding,
    InvalidSignature,
    LoggedOut,
    LogoutFailed,
    SamlFailure,
    SamlServiceProvider,
    SamlSession,
    ServiceProviderSettings,
    SingleLogoutUnsupported,
    StaleResponse,
    UnknownRequest,
    WrongDestination,
    WrongIssuer,
)
from tests.adapters.identity.saml.conftest import NOW, SP_ENTITY_ID, MakeProvider
from tests.adapters.identity.saml.idp import (
    IDP_ENTITY_ID,
    FakeIdentityProvider,
    encode,
    idp_metadata,
    logout_response_xml,
    make_idp_certificate,
    new_id,
)
from tests.adapters.identity.saml.support import pending, spec_for

SAMLP = "{urn:oasis:names:tc:SAML:2.0:protocol}"
SAML = "{urn:oasis:names:tc:SAML:2.0:assertion}"
SLO_URL = "https://portal.example.it/spid/slo"
IDP_SLO = f"{IDP_ENTITY_ID}/slo"


def logged_in(provider: SamlServiceProvider, idp: FakeIdentityProvider) -> SamlSession:
    spec = spec_for(provider)
    login = provider.validate_login(encode(idp.response(spec))).unwrap()
    assert login.identity.issuer == IDP_ENTITY_ID
    assert login.session == SamlSession(
        idp_entity_id=IDP_ENTITY_ID,
        name_id=f"_transient-{spec.assertion_id}",
        name_qualifier=IDP_ENTITY_ID,
        session_index=f"_s{spec.assertion_id}",
    )
    return login.session


def test_id_7_the_login_keeps_the_identity_providers_session(
    provider: SamlServiceProvider, idp: FakeIdentityProvider
) -> None:
    """ID-7: NameID and SessionIndex of the login response, for the logout to name."""
    logged_in(provider, idp)


def test_id_7_the_logout_request_is_signed_and_names_the_session(
    provider: SamlServiceProvider,
    idp: FakeIdentityProvider,
    sp_settings: ServiceProviderSettings,
    xmlsec: str,
) -> None:
    """ID-7: a LogoutRequest to the IdP's SingleLogoutService, signed with the SP key."""
    session = logged_in(provider, idp)
    request = provider.logout(session, relay_state="/bye").unwrap()
    assert (request.binding, request.url, request.fields["RelayState"]) == (
        Binding.POST,
        IDP_SLO,
        "/bye",
    )
    xml = base64.b64decode(request.fields["SAMLRequest"]).decode()
    root = SafeET.fromstring(xml)
    assert root.tag == f"{SAMLP}LogoutRequest"
    assert (root.get("ID"), root.get("Destination"), root.get("Version")) == (
        request.request_id,
        IDP_SLO,
        "2.0",
    )
    assert root.get("IssueInstant") == "2026-03-02T09:00:00Z"
    issuer = root.find(f"{SAML}Issuer")
    assert issuer is not None
    assert (issuer.text, issuer.get("NameQualifier")) == (SP_ENTITY_ID, SP_ENTITY_ID)
    name_id = root.find(f"{SAML}NameID")
    assert name_id is not None
    assert (name_id.text, name_id.get("NameQualifier")) == (session.name_id, IDP_ENTITY_ID)
    index = root.find(f"{SAMLP}SessionIndex")
    assert index is not None
    assert index.text == session.session_index
    assert CryptoBackendXmlSec1(xmlsec).validate_signature(
        xml,
        str(sp_settings.certificate_file),
        "pem",
        "urn:oasis:names:tc:SAML:2.0:protocol:LogoutRequest",
        root.get("ID"),
    )


def answer(
    provider: SamlServiceProvider, idp: FakeIdentityProvider, **parts: object
) -> tuple[str, dict[str, str]]:
    request = provider.logout(logged_in(provider, idp), relay_state="/bye").unwrap()
    fields: dict[str, object] = {
        "request_id": request.request_id,
        "destination": SLO_URL,
        "at": NOW + dt.timedelta(seconds=5),
        **parts,
    }
    return request.request_id, {
        "SAMLResponse": encode(idp.logout_response(**fields)),  # type: ignore[arg-type]
        "RelayState": "/bye",
    }


def refused(provider: SamlServiceProvider, form: dict[str, str]) -> SamlFailure:
    result = provider.validate_logout_form(form)
    assert isinstance(result, Failure), result
    failure = result.failure()
    assert isinstance(failure, SamlFailure)
    return failure


def test_id_7_a_signed_success_logout_response_is_accepted_once(
    provider: SamlServiceProvider, idp: FakeIdentityProvider
) -> None:
    """ID-7: the IdP's signed LogoutResponse completes the logout; a replay is refused."""
    _, form = answer(provider, idp)
    assert provider.validate_logout_form(form) == Success(
        LoggedOut(idp_entity_id=IDP_ENTITY_ID, relay_state="/bye")
    )
    assert refused(provider, form) == UnknownRequest()


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ({"sign": False}, InvalidSignature(reason="logout_unsigned")),
        ({"destination": "https://evil.example/slo"}, WrongDestination(element="LogoutResponse")),
        ({"issuer": "https://other-idp.example"}, WrongIssuer(element="LogoutResponse")),
        (
            {"at": NOW + dt.timedelta(hours=2)},
            StaleResponse(reason="LogoutResponse/@IssueInstant is in the future"),
        ),
        (
            {"status": "urn:oasis:names:tc:SAML:2.0:status:Responder"},
            LogoutFailed(status="responder"),
        ),
    ],
)
def test_id_7_logout_responses_that_break_a_rule_are_refused(
    provider: SamlServiceProvider,
    idp: FakeIdentityProvider,
    parts: dict[str, object],
    expected: SamlFailure,
) -> None:
    """ID-7: unsigned, misaddressed, foreign, untimely or failed answers are refused."""
    _, form = answer(provider, idp, **parts)
    assert refused(provider, form) == expected


def test_id_7_a_logout_response_signed_by_another_key_is_refused(
    provider: SamlServiceProvider, idp: FakeIdentityProvider, xmlsec: str, tmp_path: pathlib.Path
) -> None:
    """ID-7: only the keys of the identity provider's metadata verify the answer."""
    stranger = FakeIdentityProvider(
        make_idp_certificate(NOW - dt.timedelta(days=1), valid_for=dt.timedelta(days=30)),
        tmp_path / "stranger",
        xmlsec,
    )
    request = provider.logout(logged_in(provider, idp)).unwrap()
    forged = stranger.logout_response(request_id=request.request_id, destination=SLO_URL, at=NOW)
    failure = refused(provider, {"SAMLResponse": encode(forged), "RelayState": ""})
    assert failure == InvalidSignature(reason="not_verified")


def test_id_7_a_login_response_cannot_answer_a_logout_nor_the_reverse(
    provider: SamlServiceProvider, idp: FakeIdentityProvider
) -> None:
    """ID-7: a logout answer naming a login request is refused, and a login response
    naming a logout request too."""
    login_request = pending(provider)
    form = {
        "SAMLResponse": encode(
            idp.logout_response(request_id=login_request.id, destination=SLO_URL, at=NOW)
        ),
        "RelayState": "/home",
    }
    assert refused(provider, form) == WrongDestination(element="LogoutResponse")
    logout_request = provider.logout(logged_in(provider, idp)).unwrap()
    spec = spec_for(provider)
    spec.request_id = logout_request.request_id
    result = provider.validate_response(encode(idp.response(spec)))
    assert isinstance(result, Failure)
    assert result.failure() == WrongDestination(element="Response")


def test_id_7_an_identity_provider_without_single_logout_says_so(
    make_provider: MakeProvider, idp: FakeIdentityProvider
) -> None:
    """ID-7: without a SingleLogoutService the failure says the portal session ended."""
    provider = make_provider(
        metadata=(idp_metadata(idp.pair.certificate_pem, single_logout=False),)
    )
    session = SamlSession(idp_entity_id=IDP_ENTITY_ID, name_id="_t", name_qualifier=IDP_ENTITY_ID)
    result = provider.logout(session)
    assert isinstance(result, Failure)
    assert result.failure() == SingleLogoutUnsupported()
    assert result.failure().code == "identity.saml.slo_unsupported"


def redirected_answer(
    make_provider: MakeProvider,
    idp: FakeIdentityProvider,
    signer: FakeIdentityProvider | None = None,
    *,
    sign: bool = True,
    **parts: object,
) -> tuple[SamlServiceProvider, str]:
    """A logout sent by HTTP-Redirect, and the provider's LogoutResponse redirected back."""
    provider = make_provider(
        metadata=(idp_metadata(idp.pair.certificate_pem, redirect_logout=True),)
    )
    request = provider.logout(
        logged_in(provider, idp), relay_state="/bye", binding=Binding.REDIRECT
    ).unwrap()
    assert request.url.startswith(f"{IDP_ENTITY_ID}/slo-redirect?SAMLRequest=")
    fields: dict[str, object] = {
        "request_id": request.request_id,
        "destination": SLO_URL,
        "at": NOW + dt.timedelta(seconds=5),
        "response_id": new_id(),
        **parts,
    }
    xml = logout_response_xml(**fields)  # type: ignore[arg-type]
    query = (signer or idp).redirect_query("SAMLResponse", xml, relay_state="/bye", sign=sign)
    return provider, query


def test_id_7_a_logout_response_redirected_with_a_query_signature_is_accepted_once(
    make_provider: MakeProvider, idp: FakeIdentityProvider
) -> None:
    """ID-7: the LogoutResponse may come back by HTTP-Redirect (SigAlg and Signature)."""
    provider, query = redirected_answer(make_provider, idp)
    assert provider.single_logout.validate_response_query(query) == Success(
        LoggedOut(idp_entity_id=IDP_ENTITY_ID, relay_state="/bye")
    )
    replayed = provider.single_logout.validate_response_query(query)
    assert isinstance(replayed, Failure)
    assert replayed.failure() == UnknownRequest()


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ({"sign": False}, InvalidSignature(reason="query_unsigned")),
        ({"stranger": True}, InvalidSignature(reason="not_verified")),
        ({"issuer": "https://other-idp.example"}, WrongIssuer(element="LogoutResponse")),
        ({"destination": "https://evil.example/slo"}, WrongDestination(element="LogoutResponse")),
        (
            {"status": "urn:oasis:names:tc:SAML:2.0:status:Requester"},
            LogoutFailed(status="requester"),
        ),
    ],
)
def test_id_7_redirected_logout_responses_that_break_a_rule_are_refused(
    *,
    make_provider: MakeProvider,
    idp: FakeIdentityProvider,
    xmlsec: str,
    tmp_path: pathlib.Path,
    parts: dict[str, object],
    expected: SamlFailure,
) -> None:
    """ID-7: unsigned, forged, foreign, misaddressed or failed redirected answers."""
    signer = None
    if parts.pop("stranger", False):
        signer = FakeIdentityProvider(
            make_idp_certificate(NOW - dt.timedelta(days=1), valid_for=dt.timedelta(days=30)),
            tmp_path / "stranger",
            xmlsec,
        )
    provider, query = redirected_answer(make_provider, idp, signer, **parts)  # type: ignore[arg-type]
    result = provider.single_logout.validate_response_query(query)
    assert isinstance(result, Failure)
    assert result.failure() == expected
