"""ID-7: SAML single logout started by the identity provider, by HTTP-POST and HTTP-Redirect.

The test identity provider signs with its own key (xmlsec1 for the XML signature, RSA
over the query for HTTP-Redirect); the portal is a real one, whose sessions the
LogoutRequest ends and whose audit log records it (SEC-3).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import pathlib
import urllib.parse
import zlib
from collections.abc import Callable

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from defusedxml import ElementTree as SafeET
from returns.result import Failure
from saml2.sigver import CryptoBackendXmlSec1

from formlavoro_adapters.identity.saml import (
    Binding,
    IdpCertificateExpired,
    InvalidSignature,
    LogoutOrder,
    MalformedResponse,
    ReplayedLogoutRequest,
    SamlFailure,
    SamlServiceProvider,
    SamlSession,
    ServiceProviderSettings,
    StaleResponse,
    UnknownIdentityProvider,
    WeakSignatureAlgorithm,
    WrongDestination,
)
from formlavoro_core.identity.failures import SessionEnded
from formlavoro_core.identity.services import SignedIn
from formlavoro_core.principals import ANONYMOUS, SYSTEM
from formlavoro_core.privacy.audit import Actor, AuditAction
from tests.adapters.identity.saml.conftest import NOW, MakeProvider
from tests.adapters.identity.saml.idp import (
    IDP_ENTITY_ID,
    RSA_SHA1,
    FakeIdentityProvider,
    encode,
    idp_metadata,
    logout_request_xml,
    make_idp_certificate,
    new_id,
)
from tests.adapters.identity.saml.support import spec_for
from tests.support import World, failure, ok, world

SAMLP = "{urn:oasis:names:tc:SAML:2.0:protocol}"
SLO_URL = "https://portal.example.it/spid/slo"
SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success"


@pytest.fixture
def provider(make_provider: MakeProvider, idp: FakeIdentityProvider) -> SamlServiceProvider:
    """A provider whose identity provider offers single logout by both bindings."""
    return make_provider(metadata=(idp_metadata(idp.pair.certificate_pem, redirect_logout=True),))


@pytest.fixture
def portal() -> World:
    return world()


def signed_in(
    provider: SamlServiceProvider, idp: FakeIdentityProvider, portal: World
) -> tuple[SamlSession, SignedIn]:
    """A SPID login through the portal, its session linked for the provider's logout."""
    login = provider.validate_login(encode(idp.response(spec_for(provider)))).unwrap()
    done = ok(portal.portal.identity.login(ANONYMOUS, login.identity, consent=portal.consent()))
    provider.single_logout.remember(login.session, done.session)
    return login.session, done


def request_parts(saml: SamlSession, **changes: object) -> dict[str, object]:
    return {
        "destination": SLO_URL,
        "at": NOW,
        "name_id": saml.name_id,
        "session_indexes": (saml.session_index,),
        **changes,
    }


def posted(idp: FakeIdentityProvider, saml: SamlSession, **changes: object) -> dict[str, str]:
    xml = idp.logout_request(**request_parts(saml, **changes))  # type: ignore[arg-type]
    return {"SAMLRequest": encode(xml), "RelayState": "idp-state"}


def redirected(
    idp: FakeIdentityProvider, saml: SamlSession, *, sign: bool = True, **changes: object
) -> str:
    xml = logout_request_xml(request_id=new_id(), **request_parts(saml, **changes))  # type: ignore[arg-type]
    return idp.redirect_query("SAMLRequest", xml, relay_state="idp-state", sign=sign)


def refusal(result: object) -> SamlFailure:
    assert isinstance(result, Failure), result
    found = result.failure()
    assert isinstance(found, SamlFailure)
    return found


def inflate(encoded: str) -> str:
    return zlib.decompress(base64.b64decode(encoded), wbits=-15).decode("utf-8")


def test_id_7_a_posted_logout_request_ends_the_portal_session_and_is_answered_signed(
    provider: SamlServiceProvider,
    idp: FakeIdentityProvider,
    portal: World,
    sp_settings: ServiceProviderSettings,
    xmlsec: str,
) -> None:
    """ID-7, SEC-3: the provider's signed LogoutRequest (HTTP-POST) names the login's
    NameID and SessionIndex; the session ends, audited; our LogoutResponse is signed."""
    saml, done = signed_in(provider, idp, portal)
    form = posted(idp, saml)
    order = provider.single_logout.validate_request_form(form).unwrap()
    request_id = SafeET.fromstring(base64.b64decode(form["SAMLRequest"])).get("ID")
    assert order == LogoutOrder(
        request_id=request_id,
        idp_entity_id=IDP_ENTITY_ID,
        sessions=(done.session,),
        binding=Binding.POST,
        relay_state="idp-state",
    )
    for session in order.sessions:
        ok(portal.portal.identity.logout(SYSTEM, session))
    ended = portal.portal.identity.check_session(ANONYMOUS, done.session)
    assert failure(ended) == SessionEnded()
    last = ok(portal.portal.privacy.access_log(done.principal))[-1]
    assert (last.actor, last.action, last.use_case, last.refs) == (
        Actor.system(),
        AuditAction.LOGOUT,
        "identity.provider_logout",
        ("spid",),
    )
    answer = provider.single_logout.answer(order).unwrap()
    assert (answer.binding, answer.url, answer.fields["RelayState"]) == (
        Binding.POST,
        f"{IDP_ENTITY_ID}/slo",
        "idp-state",
    )
    xml = base64.b64decode(answer.fields["SAMLResponse"]).decode()
    root = SafeET.fromstring(xml)
    status = root.find(f"{SAMLP}Status/{SAMLP}StatusCode")
    assert status is not None
    assert (root.tag, root.get("InResponseTo"), root.get("Destination"), status.get("Value")) == (
        f"{SAMLP}LogoutResponse",
        request_id,
        f"{IDP_ENTITY_ID}/slo",
        SUCCESS,
    )
    assert CryptoBackendXmlSec1(xmlsec).validate_signature(
        xml,
        str(sp_settings.certificate_file),
        "pem",
        "urn:oasis:names:tc:SAML:2.0:protocol:LogoutResponse",
        root.get("ID"),
    )


def test_id_7_a_redirected_logout_request_is_answered_by_redirect_with_sigalg_and_signature(
    provider: SamlServiceProvider,
    idp: FakeIdentityProvider,
    portal: World,
    sp_settings: ServiceProviderSettings,
) -> None:
    """ID-7: HTTP-Redirect both ways; our answer's query signature (SAML bindings
    §3.4.4.1) verifies with the certificate our metadata publishes."""
    saml, done = signed_in(provider, idp, portal)
    order = provider.single_logout.validate_request_query(redirected(idp, saml)).unwrap()
    assert (order.sessions, order.binding) == ((done.session,), Binding.REDIRECT)
    answer = provider.single_logout.answer(order).unwrap()
    base, _, query = answer.url.partition("?")
    assert (answer.binding, base) == (Binding.REDIRECT, f"{IDP_ENTITY_ID}/slo-redirect")
    names = [part.split("=", 1)[0] for part in query.split("&")]
    assert names == ["SAMLResponse", "RelayState", "SigAlg", "Signature"]
    signed, _, signature = query.rpartition("&Signature=")
    values = dict(urllib.parse.parse_qsl(query))
    assert values["SigAlg"] == "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
    certificate = x509.load_pem_x509_certificate(sp_settings.certificate_file.read_bytes())
    key = certificate.public_key()
    assert isinstance(key, rsa.RSAPublicKey)
    key.verify(
        base64.b64decode(urllib.parse.unquote_plus(signature)),
        signed.encode("ascii"),
        padding.PKCS1v15(),
        hashes.SHA256(),
    )
    root = SafeET.fromstring(inflate(values["SAMLResponse"]))
    assert (root.get("InResponseTo"), root.get("Destination")) == (
        order.request_id,
        f"{IDP_ENTITY_ID}/slo-redirect",
    )
    assert root.find("{http://www.w3.org/2000/09/xmldsig#}Signature") is None


def test_id_7_a_logout_request_is_honoured_once(
    provider: SamlServiceProvider, idp: FakeIdentityProvider, portal: World
) -> None:
    """ID-7: the same request again is refused, whichever binding carries it."""
    saml, _ = signed_in(provider, idp, portal)
    form = posted(idp, saml)
    assert len(provider.single_logout.validate_request_form(form).unwrap().sessions) == 1
    again = provider.single_logout.validate_request_form(form)
    assert refusal(again) == ReplayedLogoutRequest()
    assert refusal(again).code == "identity.saml.replayed_logout_request"
    query = redirected(idp, saml)
    provider.single_logout.validate_request_query(query).unwrap()
    assert refusal(provider.single_logout.validate_request_query(query)) == ReplayedLogoutRequest()


def test_id_7_a_request_naming_another_session_index_ends_nothing(
    provider: SamlServiceProvider, idp: FakeIdentityProvider, portal: World
) -> None:
    """ID-7: only the sessions the request names end; the others stay linked."""
    saml, done = signed_in(provider, idp, portal)
    other = provider.single_logout.validate_request_form(
        posted(idp, saml, session_indexes=("_another",))
    )
    assert other.unwrap().sessions == ()
    everything = provider.single_logout.validate_request_form(posted(idp, saml, session_indexes=()))
    assert everything.unwrap().sessions == (done.session,)


@pytest.fixture
def stranger(xmlsec: str, tmp_path: pathlib.Path) -> FakeIdentityProvider:
    """An identity provider of another key, whom the registry does not know."""
    return FakeIdentityProvider(
        make_idp_certificate(NOW - dt.timedelta(days=1), valid_for=dt.timedelta(days=30)),
        tmp_path / "stranger",
        xmlsec,
    )


Posted = Callable[[FakeIdentityProvider, FakeIdentityProvider, SamlSession], dict[str, str]]


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (
            lambda idp, _, saml: posted(idp, saml, sign=False),
            InvalidSignature(reason="logout_request_unsigned"),
        ),
        (lambda _, stranger, saml: posted(stranger, saml), InvalidSignature(reason="not_verified")),
        (
            lambda idp, _, saml: posted(idp, saml, issuer="https://other-idp.example"),
            UnknownIdentityProvider(),
        ),
        (
            lambda idp, _, saml: posted(idp, saml, destination="https://evil.example/slo"),
            WrongDestination(element="LogoutRequest"),
        ),
        (
            lambda idp, _, saml: posted(idp, saml, at=NOW + dt.timedelta(hours=1)),
            StaleResponse(reason="LogoutRequest/@IssueInstant is in the future"),
        ),
        (
            lambda idp, _, saml: posted(idp, saml, at=NOW - dt.timedelta(hours=1)),
            StaleResponse(reason="LogoutRequest/@IssueInstant is too old"),
        ),
        (
            lambda idp, _, saml: posted(idp, saml, not_on_or_after=NOW - dt.timedelta(minutes=10)),
            StaleResponse(reason="LogoutRequest/@NotOnOrAfter has passed"),
        ),
        (
            lambda *_: {"SAMLRequest": encode("<samlp:Response xmlns:samlp='urn:x'/>")},
            MalformedResponse(reason="the root element is not samlp:LogoutRequest"),
        ),
    ],
)
def test_id_7_posted_logout_requests_that_break_a_rule_are_refused_and_end_nothing(
    *,
    provider: SamlServiceProvider,
    idp: FakeIdentityProvider,
    portal: World,
    stranger: FakeIdentityProvider,
    make: Posted,
    expected: SamlFailure,
) -> None:
    """ID-7, SEC-5: unsigned, forged, foreign, misaddressed or untimely requests are
    refused with a failure that repeats nothing of the request; the session stays."""
    saml, done = signed_in(provider, idp, portal)
    found = refusal(provider.single_logout.validate_request_form(make(idp, stranger, saml)))
    assert found == expected
    _carries_nothing_of(found, saml)
    assert ok(portal.portal.identity.check_session(ANONYMOUS, done.session)) == done.principal
    still = provider.single_logout.validate_request_form(posted(idp, saml))
    assert still.unwrap().sessions == (done.session,)


def _carries_nothing_of(found: SamlFailure, saml: SamlSession) -> None:
    shown = " ".join([repr(found), found.message, json.dumps(found.to_dict())])
    for value in (saml.name_id, saml.session_index or "", IDP_ENTITY_ID, "other-idp", "evil"):
        assert value not in shown


def _tampered(query: str) -> str:
    return query.replace("RelayState=idp-state", "RelayState=elsewhere")


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (
            lambda idp, _, saml: redirected(idp, saml, sign=False),
            InvalidSignature(reason="query_unsigned"),
        ),
        (
            lambda _, stranger, saml: redirected(stranger, saml),
            InvalidSignature(reason="not_verified"),
        ),
        (
            lambda idp, _, saml: _tampered(redirected(idp, saml)),
            InvalidSignature(reason="not_verified"),
        ),
        (
            lambda idp, _, saml: idp.redirect_query(
                "SAMLRequest",
                logout_request_xml(request_id=new_id(), **request_parts(saml)),  # type: ignore[arg-type]
                algorithm=RSA_SHA1,
            ),
            WeakSignatureAlgorithm(element="LogoutRequest", algorithm="rsa-sha1"),
        ),
        (
            lambda idp, _, saml: redirected(idp, saml, issuer="https://other-idp.example"),
            UnknownIdentityProvider(),
        ),
        (
            lambda idp, _, saml: redirected(idp, saml, destination="https://evil.example/slo"),
            WrongDestination(element="LogoutRequest"),
        ),
        (lambda *_: "RelayState=x", MalformedResponse(reason="SAMLRequest is missing or too long")),
    ],
)
def test_id_7_redirected_logout_requests_that_break_a_rule_are_refused_and_end_nothing(
    *,
    provider: SamlServiceProvider,
    idp: FakeIdentityProvider,
    portal: World,
    stranger: FakeIdentityProvider,
    make: Callable[[FakeIdentityProvider, FakeIdentityProvider, SamlSession], str],
    expected: SamlFailure,
) -> None:
    """ID-7: the query signature must be the provider's, over the query as it came."""
    saml, done = signed_in(provider, idp, portal)
    query = make(idp, stranger, saml)
    found = refusal(provider.single_logout.validate_request_query(query))
    assert found == expected
    _carries_nothing_of(found, saml)
    assert provider.single_logout.validate_request_query(
        redirected(idp, saml)
    ).unwrap().sessions == (done.session,)


def test_id_7_a_provider_whose_keys_expired_is_refused_by_default(
    make_provider: MakeProvider, xmlsec: str, tmp_path: pathlib.Path
) -> None:
    """ID-7: the expired-certificate policy of logins applies to logout requests too."""
    old = FakeIdentityProvider(
        make_idp_certificate(NOW - dt.timedelta(days=60), valid_for=dt.timedelta(days=30)),
        tmp_path / "old",
        xmlsec,
    )
    provider = make_provider(metadata=(idp_metadata(old.pair.certificate_pem),))
    saml = SamlSession(idp_entity_id=IDP_ENTITY_ID, name_id="_t", name_qualifier=IDP_ENTITY_ID)
    found = refusal(provider.single_logout.validate_request_form(posted(old, saml)))
    assert found == IdpCertificateExpired(entity_id=IDP_ENTITY_ID)
