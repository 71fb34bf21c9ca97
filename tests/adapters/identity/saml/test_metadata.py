"""The SP metadata: signed, with the SPID (Avviso n.29 v3) or CIE elements."""

from __future__ import annotations

from xml.etree.ElementTree import Element

from defusedxml import ElementTree as SafeET
from saml2.sigver import CryptoBackendXmlSec1

from formlavoro_adapters.identity.saml import (
    CIE_ATTRIBUTES,
    SPID_ATTRIBUTES,
    SamlProfile,
    SamlServiceProvider,
    ServiceProviderSettings,
)
from tests.adapters.identity.saml.conftest import ACS_URL, SP_ENTITY_ID, MakeProvider

MD = "{urn:oasis:names:tc:SAML:2.0:metadata}"
DS = "{http://www.w3.org/2000/09/xmldsig#}"
SPID = "{https://spid.gov.it/saml-extensions}"
CIE = "{https://www.cartaidentita.interno.gov.it/saml-extensions}"


def parsed(provider: SamlServiceProvider) -> Element:
    root: Element = SafeET.fromstring(provider.metadata_xml())
    return root


def test_the_metadata_is_signed_with_the_sp_key(
    provider: SamlServiceProvider, sp_settings: ServiceProviderSettings, xmlsec: str
) -> None:
    xml = provider.metadata_xml()
    root = SafeET.fromstring(xml)
    assert root[0].tag == f"{DS}Signature"
    assert CryptoBackendXmlSec1(xmlsec).validate_signature(
        xml,
        str(sp_settings.certificate_file),
        "pem",
        "urn:oasis:names:tc:SAML:2.0:metadata:EntityDescriptor",
        root.get("ID"),
    )


def test_the_spid_metadata_has_the_public_sp_profile(provider: SamlServiceProvider) -> None:
    root = parsed(provider)
    assert root.get("entityID") == SP_ENTITY_ID
    sp = root.find(f"{MD}SPSSODescriptor")
    assert sp is not None
    assert sp.get("AuthnRequestsSigned") == "true"
    assert sp.get("WantAssertionsSigned") == "true"
    assert sp.find(f"{MD}KeyDescriptor[@use='signing']") is not None
    bindings = "urn:oasis:names:tc:SAML:2.0:bindings:"
    assert [
        (slo.get("Binding"), slo.get("Location")) for slo in sp.findall(f"{MD}SingleLogoutService")
    ] == [  # ID-7: single logout by both front-channel bindings
        (f"{bindings}HTTP-POST", provider.settings.slo_url),
        (f"{bindings}HTTP-Redirect", provider.settings.slo_url),
    ]
    acs = sp.findall(f"{MD}AssertionConsumerService")
    assert [(a.get("index"), a.get("isDefault"), a.get("Location")) for a in acs] == [
        ("0", "true", ACS_URL)
    ]
    service = sp.find(f"{MD}AttributeConsumingService")
    assert service is not None
    assert service.findtext(f"{MD}ServiceName") == "Portale lavoro"
    names = tuple(a.get("Name") for a in service.findall(f"{MD}RequestedAttribute"))
    assert names == SPID_ATTRIBUTES
    assert root.find(f"{MD}Organization/{MD}OrganizationName") is not None
    contact = root.find(f"{MD}ContactPerson[@contactType='other']")
    assert contact is not None
    assert contact.findtext(f"{MD}Extensions/{SPID}IPACode") == "c_d969"
    assert contact.find(f"{MD}Extensions/{SPID}Public") is not None
    assert contact.findtext(f"{MD}EmailAddress") == "servizi@example.it"


def test_the_cie_metadata_has_the_cie_extensions(make_provider: MakeProvider) -> None:
    cie = make_provider(profile=SamlProfile.CIE, requested_attributes=CIE_ATTRIBUTES)
    root = parsed(cie)
    names = tuple(
        a.get("Name")
        for a in root.findall(
            f"{MD}SPSSODescriptor/{MD}AttributeConsumingService/{MD}RequestedAttribute"
        )
    )
    assert names == CIE_ATTRIBUTES
    contact = root.find(f"{MD}ContactPerson[@contactType='administrative']")
    assert contact is not None
    extensions = contact.find(f"{MD}Extensions")
    assert extensions is not None
    assert extensions.find(f"{CIE}Public") is not None
    assert extensions.findtext(f"{CIE}IPACode") == "c_d969"
    assert extensions.findtext(f"{CIE}Municipality") == "010025"
    assert root.find(f"{MD}ContactPerson[@contactType='technical']") is not None
