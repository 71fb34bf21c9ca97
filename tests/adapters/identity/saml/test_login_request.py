"""AuthnRequests: signed, with the SPID and CIE attributes, over POST or Redirect."""

from __future__ import annotations

import base64
import urllib.parse
import zlib
from xml.etree.ElementTree import Element

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from defusedxml import ElementTree as SafeET
from saml2.sigver import CryptoBackendXmlSec1

from formlavoro_adapters.identity.saml import (
    Binding,
    Comparison,
    InMemorySamlRequestStore,
    SamlProfile,
    SamlServiceProvider,
    ServiceProviderSettings,
)
from formlavoro_core.identity.assertion import AssuranceLevel
from tests.adapters.identity.saml.conftest import ACS_URL, NOW, SP_ENTITY_ID, MakeProvider
from tests.adapters.identity.saml.idp import IDP_ENTITY_ID, IDP_SSO

SAMLP = "{urn:oasis:names:tc:SAML:2.0:protocol}"
SAML = "{urn:oasis:names:tc:SAML:2.0:assertion}"


def posted(provider: SamlServiceProvider, **options: object) -> tuple[str, Element]:
    request = provider.login(IDP_ENTITY_ID, relay_state="/home", **options).unwrap()  # type: ignore[arg-type]
    assert request.binding is Binding.POST
    assert request.url == IDP_SSO
    assert request.fields["RelayState"] == "/home"
    xml = base64.b64decode(request.fields["SAMLRequest"]).decode()
    return xml, SafeET.fromstring(xml)


def test_a_post_request_is_signed_with_the_sp_key(
    provider: SamlServiceProvider, sp_settings: ServiceProviderSettings, xmlsec: str
) -> None:
    xml, root = posted(provider)
    backend = CryptoBackendXmlSec1(xmlsec)
    assert backend.validate_signature(
        xml,
        str(sp_settings.certificate_file),
        "pem",
        "urn:oasis:names:tc:SAML:2.0:protocol:AuthnRequest",
        root.get("ID"),
    )


def test_a_spid_request_has_the_attributes_the_rules_ask(provider: SamlServiceProvider) -> None:
    _, root = posted(provider, level=AssuranceLevel.SUBSTANTIAL)
    assert root.get("Version") == "2.0"
    assert root.get("IssueInstant") == "2026-03-02T09:00:00Z"
    assert root.get("Destination") == IDP_SSO
    assert root.get("ForceAuthn") == "true"
    assert root.get("AssertionConsumerServiceIndex") == "0"
    assert root.get("AttributeConsumingServiceIndex") == "0"
    assert root.get("IsPassive") is None
    issuer = root.find(f"{SAML}Issuer")
    assert issuer is not None
    assert issuer.text == SP_ENTITY_ID
    assert issuer.get("NameQualifier") == SP_ENTITY_ID
    assert issuer.get("Format") == "urn:oasis:names:tc:SAML:2.0:nameid-format:entity"
    policy = root.find(f"{SAMLP}NameIDPolicy")
    assert policy is not None
    assert policy.get("Format") == "urn:oasis:names:tc:SAML:2.0:nameid-format:transient"
    context = root.find(f"{SAMLP}RequestedAuthnContext")
    assert context is not None
    assert context.get("Comparison") == "minimum"
    assert context.findtext(f"{SAML}AuthnContextClassRef") == "https://www.spid.gov.it/SpidL2"


def test_spid_level_1_does_not_force_authentication(provider: SamlServiceProvider) -> None:
    _, root = posted(provider, level=AssuranceLevel.LOW)
    assert root.get("ForceAuthn") is None


@pytest.mark.parametrize("comparison", list(Comparison))
def test_cie_always_forces_authentication_with_its_comparison(
    make_provider: MakeProvider, comparison: Comparison
) -> None:
    cie = make_provider(profile=SamlProfile.CIE, comparison=comparison)
    _, root = posted(cie, level=AssuranceLevel.LOW)
    assert root.get("ForceAuthn") == "true"
    context = root.find(f"{SAMLP}RequestedAuthnContext")
    assert context is not None
    assert context.get("Comparison") == comparison.value


def test_the_request_is_remembered_as_pending(
    provider: SamlServiceProvider, store: InMemorySamlRequestStore
) -> None:
    _, root = posted(provider, level=AssuranceLevel.HIGH)
    pending = store.take_request(str(root.get("ID")), NOW)
    assert pending is not None
    assert pending.idp_entity_id == IDP_ENTITY_ID
    assert pending.level is AssuranceLevel.HIGH
    assert pending.acs_url == ACS_URL
    assert pending.relay_state == "/home"


def test_a_redirect_request_carries_a_valid_rsa_sha256_signature(
    provider: SamlServiceProvider, sp_settings: ServiceProviderSettings
) -> None:
    request = provider.login(IDP_ENTITY_ID, relay_state="/home", binding=Binding.REDIRECT).unwrap()
    assert request.binding is Binding.REDIRECT
    assert request.url.startswith(IDP_SSO + "?SAMLRequest=")
    query = request.url.split("?", 1)[1]
    signed, _, signature = query.rpartition("&Signature=")
    params = dict(urllib.parse.parse_qsl(query))
    assert params["SigAlg"] == "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
    assert params["RelayState"] == "/home"
    certificate = x509.load_pem_x509_certificate(sp_settings.certificate_file.read_bytes())
    key = certificate.public_key()
    assert isinstance(key, rsa.RSAPublicKey)
    key.verify(
        base64.b64decode(urllib.parse.unquote(signature)),
        signed.encode(),
        padding.PKCS1v15(),
        hashes.SHA256(),
    )
    xml = zlib.decompress(base64.b64decode(params["SAMLRequest"]), wbits=-15).decode()
    root = SafeET.fromstring(xml)
    assert root.get("ID") == request.request_id
    assert root.find("{http://www.w3.org/2000/09/xmldsig#}Signature") is None


def test_the_post_form_submits_itself(provider: SamlServiceProvider) -> None:
    page = provider.login(IDP_ENTITY_ID).unwrap().form_html()
    assert f'action="{IDP_SSO}"' in page
    assert 'name="SAMLRequest"' in page
    assert "submit()" in page
