"""The signed metadata of our service provider (SPID Avviso n.29 v3, CIE SP rules)."""

from __future__ import annotations

import hashlib
from xml.etree import ElementTree as ET

from formlavoro_adapters.identity.saml.settings import SamlProfile, ServiceProviderSettings
from formlavoro_adapters.identity.saml.xmlsign import DSIG, Signer, signature_template

__all__ = ["CIE_NS", "MD_NS", "SPID_NS", "build_metadata"]

MD_NS = "urn:oasis:names:tc:SAML:2.0:metadata"
SPID_NS = "https://spid.gov.it/saml-extensions"
CIE_NS = "https://www.cartaidentita.interno.gov.it/saml-extensions"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
POST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
TRANSIENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:transient"
ATTRNAME_BASIC = "urn:oasis:names:tc:SAML:2.0:attrname-format:basic"
_PLACEHOLDER = "SIGNATURE-PLACEHOLDER"

ET.register_namespace("md", MD_NS)
ET.register_namespace("ds", DSIG)
ET.register_namespace("spid", SPID_NS)
ET.register_namespace("cie", CIE_NS)


def _md(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{MD_NS}}}{tag}", attributes)
    if text is not None:
        element.text = text
    return element


def _ext(parent: ET.Element, ns: str, tag: str, text: str | None = None) -> None:
    element = ET.SubElement(parent, f"{{{ns}}}{tag}")
    if text is not None:
        element.text = text


def metadata_id(settings: ServiceProviderSettings) -> str:
    """A stable ID of the metadata document, derived from the entity ID."""
    return "_" + hashlib.sha256(settings.entity_id.encode()).hexdigest()[:32]


def _contacts(root: ET.Element, settings: ServiceProviderSettings) -> None:
    contact = settings.contact
    if settings.profile is SamlProfile.SPID:
        person = _md(root, "ContactPerson", contactType="other")
        extensions = _md(person, "Extensions")
        _ext(extensions, SPID_NS, "IPACode", contact.ipa_code)
        _ext(extensions, SPID_NS, "Public")
    else:
        person = _md(root, "ContactPerson", contactType="administrative")
        extensions = _md(person, "Extensions")
        _ext(extensions, CIE_NS, "Public")
        _ext(extensions, CIE_NS, "IPACode", contact.ipa_code)
        _ext(extensions, CIE_NS, "Municipality", contact.municipality or "")
        if contact.province:
            _ext(extensions, CIE_NS, "Province", contact.province)
        _ext(extensions, CIE_NS, "Country", contact.country)
    _md(person, "Company", settings.organization.name)
    _md(person, "EmailAddress", contact.email)
    if contact.telephone:
        _md(person, "TelephoneNumber", contact.telephone)


def build_metadata(settings: ServiceProviderSettings, signer: Signer, certificate_b64: str) -> str:
    """The SP metadata XML, signed with the SP key."""
    entity_id = metadata_id(settings)
    root = ET.Element(
        f"{{{MD_NS}}}EntityDescriptor", {"entityID": settings.entity_id, "ID": entity_id}
    )
    root.text = _PLACEHOLDER
    sp = _md(
        root,
        "SPSSODescriptor",
        protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol",
        AuthnRequestsSigned="true",
        WantAssertionsSigned="true",
    )
    key = _md(sp, "KeyDescriptor", use="signing")
    info = ET.SubElement(key, f"{{{DSIG}}}KeyInfo")
    data = ET.SubElement(info, f"{{{DSIG}}}X509Data")
    ET.SubElement(data, f"{{{DSIG}}}X509Certificate").text = certificate_b64
    # ID-7: single logout is read by both front-channel bindings at the same URL.
    _md(sp, "SingleLogoutService", Binding=POST, Location=settings.slo_url)
    _md(sp, "SingleLogoutService", Binding=REDIRECT, Location=settings.slo_url)
    _md(sp, "NameIDFormat", TRANSIENT)
    _md(
        sp,
        "AssertionConsumerService",
        index="0",
        isDefault="true",
        Binding=POST,
        Location=settings.acs_url,
    )
    service = _md(sp, "AttributeConsumingService", index="0")
    _md(service, "ServiceName", settings.service_name).set(XML_LANG, "it")
    for name in settings.requested_attributes:
        _md(service, "RequestedAttribute", Name=name, NameFormat=ATTRNAME_BASIC)
    organization = _md(root, "Organization")
    _md(organization, "OrganizationName", settings.organization.name).set(XML_LANG, "it")
    _md(organization, "OrganizationDisplayName", settings.organization.display_name).set(
        XML_LANG, "it"
    )
    _md(organization, "OrganizationURL", settings.organization.url).set(XML_LANG, "it")
    _contacts(root, settings)
    if settings.profile is SamlProfile.CIE:
        technical = _md(root, "ContactPerson", contactType="technical")
        extensions = _md(technical, "Extensions")
        _ext(extensions, CIE_NS, "Public")
        _ext(extensions, CIE_NS, "Municipality", settings.contact.municipality or "")
        _md(technical, "Company", settings.organization.name)
        _md(technical, "EmailAddress", settings.contact.email)
    xml = ET.tostring(root, encoding="unicode")
    xml = xml.replace(_PLACEHOLDER, signature_template(entity_id, certificate_b64), 1)
    return signer.sign(xml, f"{MD_NS}:EntityDescriptor", entity_id)
