"""A test identity provider: its key, its metadata and signed responses built to order."""

from __future__ import annotations

import base64
import datetime as dt
import pathlib
import secrets
import zlib
from collections.abc import Callable
from urllib.parse import quote

import attrs
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from saml2.sigver import CryptoBackendXmlSec1

from formlavoro_adapters.identity.saml import PendingRequest, SpCertificate, make_sp_certificate
from formlavoro_adapters.identity.saml.authn import format_instant
from formlavoro_adapters.identity.saml.xmlsign import certificate_base64, signature_template

IDP_ENTITY_ID = "https://idp.test.example"
IDP_SSO = "https://idp.test.example/sso"
SAMLP_NS = "urn:oasis:names:tc:SAML:2.0:protocol"
SAML_NS = "urn:oasis:names:tc:SAML:2.0:assertion"
ENTITY = "urn:oasis:names:tc:SAML:2.0:nameid-format:entity"
ASSERTION_NODE = f"{SAML_NS}:Assertion"
RESPONSE_NODE = f"{SAMLP_NS}:Response"
RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
RSA_SHA512 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512"
RSA_SHA1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1"
SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"
SHA512 = "http://www.w3.org/2001/04/xmlenc#sha512"
SHA1 = "http://www.w3.org/2000/09/xmldsig#sha1"
STRONG = (RSA_SHA256, SHA256)
"""The signature and digest methods of the library's own signature template."""

ATTRIBUTES = {
    "name": "Anna",
    "familyName": "Rossi",
    "fiscalNumber": "TINIT-RSSNNA85T50A562J",
    "email": "anna.rossi@example.it",
    "dateOfBirth": "1985-12-10",
}


def new_id() -> str:
    return "_" + secrets.token_hex(12)


def make_idp_certificate(now: dt.datetime, *, valid_for: dt.timedelta) -> SpCertificate:
    return make_sp_certificate(
        entity_id=IDP_ENTITY_ID,
        ipa_code="test_idp",
        organization="Test IdP",
        locality="Roma",
        now=now,
        valid_for=valid_for,
    )


def idp_metadata(
    certificate_pem: bytes,
    entity_id: str = IDP_ENTITY_ID,
    *,
    single_logout: bool = True,
    redirect_logout: bool = False,
) -> str:
    cert = certificate_base64(certificate_pem)
    logout = (
        '<md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" '
        f'Location="{entity_id}/slo"/>'
        if single_logout
        else ""
    )
    if redirect_logout:
        logout += (
            '<md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" '
            f'Location="{entity_id}/slo-redirect"/>'
        )
    return f"""<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"
    xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="{entity_id}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"
      WantAuthnRequestsSigned="true">
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data>
      <ds:X509Certificate>{cert}</ds:X509Certificate>
    </ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    {logout}
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
        Location="{entity_id}/sso"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
        Location="{entity_id}/sso"/>
  </md:IDPSSODescriptor>
  <md:Organization>
    <md:OrganizationName xml:lang="it">Test IdP</md:OrganizationName>
    <md:OrganizationDisplayName xml:lang="it">Test IdP</md:OrganizationDisplayName>
    <md:OrganizationURL xml:lang="it">{entity_id}/</md:OrganizationURL>
  </md:Organization>
</md:EntityDescriptor>"""


@attrs.define(kw_only=True)
class ResponseSpec:
    """Every part of a response that a test may change; defaults make a valid one."""

    request_id: str
    acs_url: str
    audience: str
    issued_at: dt.datetime
    response_id: str = attrs.field(factory=new_id)
    assertion_id: str = attrs.field(factory=new_id)
    issuer: str = IDP_ENTITY_ID
    issuer_format: str | None = ENTITY
    assertion_issuer_format: str | None = ENTITY
    destination: str | None = None
    recipient: str | None = None
    level: str = "https://www.spid.gov.it/SpidL2"
    attributes: dict[str, str | tuple[str, ...]] = attrs.field(factory=lambda: dict(ATTRIBUTES))
    """Each attribute once; a tuple gives one Attribute with several AttributeValues."""
    repeated_attributes: tuple[tuple[str, str], ...] = ()
    """Attributes added again, each as one more Attribute element."""
    lifetime: dt.timedelta = dt.timedelta(minutes=5)
    status: str = "urn:oasis:names:tc:SAML:2.0:status:Success"
    status_message: str | None = None
    sign_response: bool = True
    sign_assertion: bool = True
    response_algorithms: tuple[str, str] = STRONG
    """The response signature's SignatureMethod and DigestMethod."""
    assertion_algorithms: tuple[str, str] = STRONG

    @classmethod
    def answering(cls, pending: PendingRequest, *, audience: str, at: dt.datetime) -> ResponseSpec:
        return cls(request_id=pending.id, acs_url=pending.acs_url, audience=audience, issued_at=at)


def _issuer(value: str, form: str | None) -> str:
    attribute = f' Format="{form}"' if form else ""
    return f"<saml:Issuer{attribute}>{value}</saml:Issuer>"


def _attribute(name: str, value: str | tuple[str, ...]) -> str:
    values = (value,) if isinstance(value, str) else value
    texts = "".join(f"<saml:AttributeValue>{text}</saml:AttributeValue>" for text in values)
    return f'<saml:Attribute Name="{name}">{texts}</saml:Attribute>'


def assertion_xml(spec: ResponseSpec, *, signature: str = "") -> str:
    at = format_instant(spec.issued_at)
    until = format_instant(spec.issued_at + spec.lifetime)
    attributes = "".join(
        _attribute(name, value)
        for name, value in [*spec.attributes.items(), *spec.repeated_attributes]
    )
    return (
        f'<saml:Assertion xmlns:saml="{SAML_NS}" ID="{spec.assertion_id}" Version="2.0" '
        f'IssueInstant="{at}">'
        f"{_issuer(spec.issuer, spec.assertion_issuer_format)}{signature}"
        "<saml:Subject>"
        '<saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:transient" '
        f'NameQualifier="{spec.issuer}">_transient-{spec.assertion_id}</saml:NameID>'
        '<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">'
        f'<saml:SubjectConfirmationData InResponseTo="{spec.request_id}" NotOnOrAfter="{until}" '
        f'Recipient="{spec.recipient or spec.acs_url}"/>'
        "</saml:SubjectConfirmation></saml:Subject>"
        f'<saml:Conditions NotBefore="{at}" NotOnOrAfter="{until}">'
        f"<saml:AudienceRestriction><saml:Audience>{spec.audience}</saml:Audience>"
        "</saml:AudienceRestriction></saml:Conditions>"
        f'<saml:AuthnStatement AuthnInstant="{at}" SessionIndex="_s{spec.assertion_id}">'
        f"<saml:AuthnContext><saml:AuthnContextClassRef>{spec.level}</saml:AuthnContextClassRef>"
        "</saml:AuthnContext></saml:AuthnStatement>"
        f"<saml:AttributeStatement>{attributes}</saml:AttributeStatement>"
        "</saml:Assertion>"
    )


def response_xml(spec: ResponseSpec, *, assertion: str, signature: str = "") -> str:
    at = format_instant(spec.issued_at)
    message = (
        f"<samlp:StatusMessage>{spec.status_message}</samlp:StatusMessage>"
        if spec.status_message
        else ""
    )
    sub_status = (
        '<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:AuthnFailed"/>'
        if spec.status_message
        else ""
    )
    return (
        f'<samlp:Response xmlns:samlp="{SAMLP_NS}" xmlns:saml="{SAML_NS}" '
        f'ID="{spec.response_id}" Version="2.0" IssueInstant="{at}" '
        f'Destination="{spec.destination or spec.acs_url}" InResponseTo="{spec.request_id}">'
        f"{_issuer(spec.issuer, spec.issuer_format)}{signature}"
        f'<samlp:Status><samlp:StatusCode Value="{spec.status}">{sub_status}</samlp:StatusCode>'
        f"{message}</samlp:Status>"
        f"{assertion}</samlp:Response>"
    )


class FakeIdentityProvider:
    """Signs responses with its own key (xmlsec1, as real identity providers do)."""

    def __init__(self, pair: SpCertificate, folder: pathlib.Path, xmlsec: str) -> None:
        self.pair = pair
        folder.mkdir(parents=True, exist_ok=True)
        self.key_file = folder / "idp-key.pem"
        self.cert_file = folder / "idp-cert.pem"
        self.key_file.write_bytes(pair.key_pem)
        self.cert_file.write_bytes(pair.certificate_pem)
        self._backend = CryptoBackendXmlSec1(xmlsec)
        self._cert_b64 = certificate_base64(pair.certificate_pem)

    @property
    def metadata(self) -> str:
        return idp_metadata(self.pair.certificate_pem)

    def sign(self, xml: str, node: str, node_id: str) -> str:
        keys = f"{self.key_file},{self.cert_file}"
        signed: str = self._backend.sign_statement(xml, node, keys, node_id)
        return signed.removeprefix('<?xml version="1.0"?>\n')

    def template(self, reference_id: str, algorithms: tuple[str, str] = STRONG) -> str:
        """A signature template with the signature and digest methods asked for."""
        method, digest = algorithms
        return (
            signature_template(reference_id, self._cert_b64)
            .replace(RSA_SHA256, method)
            .replace(SHA256, digest)
        )

    def logout_response(self, *, sign: bool = True, **parts: object) -> str:
        """A LogoutResponse (signed unless ``sign`` is false) of ``logout_response_xml``."""
        response_id = new_id()
        template = self.template(response_id) if sign else ""
        xml = logout_response_xml(response_id=response_id, signature=template, **parts)  # type: ignore[arg-type]
        return self.sign(xml, LOGOUT_RESPONSE_NODE, response_id) if sign else xml

    def logout_request(self, *, sign: bool = True, **parts: object) -> str:
        """A LogoutRequest (signed in the XML unless ``sign`` is false), for HTTP-POST."""
        request_id = str(parts.pop("request_id", new_id()))
        template = self.template(request_id) if sign else ""
        xml = logout_request_xml(request_id=request_id, signature=template, **parts)  # type: ignore[arg-type]
        return self.sign(xml, LOGOUT_REQUEST_NODE, request_id) if sign else xml

    def redirect_query(
        self,
        parameter: str,
        xml: str,
        *,
        relay_state: str = "",
        algorithm: str = RSA_SHA256,
        sign: bool = True,
    ) -> str:
        """The query string of ``xml`` by HTTP-Redirect, signed with this provider's key."""
        deflated = zlib.compress(xml.encode("utf-8"))[2:-4]  # raw DEFLATE, no zlib header
        query = f"{parameter}={quote(base64.b64encode(deflated).decode('ascii'), safe='')}"
        if relay_state:
            query += f"&RelayState={quote(relay_state, safe='')}"
        if not sign:
            return query
        query += f"&SigAlg={quote(algorithm, safe='')}"
        key = serialization.load_pem_private_key(self.pair.key_pem, password=None)
        assert isinstance(key, rsa.RSAPrivateKey)
        digest = hashes.SHA1() if algorithm == RSA_SHA1 else hashes.SHA256()  # noqa: S303
        signature = key.sign(query.encode("ascii"), padding.PKCS1v15(), digest)
        return f"{query}&Signature={quote(base64.b64encode(signature).decode('ascii'), safe='')}"

    def response(self, spec: ResponseSpec, *, wrap: Callable[[str], str] | None = None) -> str:
        """The response XML, the assertion and the response signed as ``spec`` says."""
        error = spec.status_message is not None
        assertion = assertion_xml(
            spec,
            signature=(
                self.template(spec.assertion_id, spec.assertion_algorithms)
                if spec.sign_assertion
                else ""
            ),
        )
        sign_response = spec.sign_response
        xml = response_xml(
            spec,
            assertion="" if error else assertion,
            signature=(
                self.template(spec.response_id, spec.response_algorithms) if sign_response else ""
            ),
        )
        if spec.sign_assertion and not error:
            xml = self.sign(xml, ASSERTION_NODE, spec.assertion_id)
        if wrap is not None:
            xml = wrap(xml)
        if sign_response:
            xml = self.sign(xml, RESPONSE_NODE, spec.response_id)
        return xml


LOGOUT_RESPONSE_NODE = f"{SAMLP_NS}:LogoutResponse"
LOGOUT_REQUEST_NODE = f"{SAMLP_NS}:LogoutRequest"


def logout_request_xml(
    *,
    request_id: str,
    destination: str,
    at: dt.datetime,
    name_id: str,
    session_indexes: tuple[str, ...] = (),
    issuer: str = IDP_ENTITY_ID,
    not_on_or_after: dt.datetime | None = None,
    signature: str = "",
) -> str:
    until = f' NotOnOrAfter="{format_instant(not_on_or_after)}"' if not_on_or_after else ""
    indexes = "".join(
        f"<samlp:SessionIndex>{index}</samlp:SessionIndex>" for index in session_indexes
    )
    return (
        f'<samlp:LogoutRequest xmlns:samlp="{SAMLP_NS}" xmlns:saml="{SAML_NS}" '
        f'ID="{request_id}" Version="2.0" IssueInstant="{format_instant(at)}"{until} '
        f'Destination="{destination}">'
        f"{_issuer(issuer, ENTITY)}{signature}"
        '<saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:transient" '
        f'NameQualifier="{issuer}">{name_id}</saml:NameID>'
        f"{indexes}</samlp:LogoutRequest>"
    )


def logout_response_xml(
    *,
    request_id: str,
    destination: str,
    at: dt.datetime,
    response_id: str,
    issuer: str = IDP_ENTITY_ID,
    status: str = "urn:oasis:names:tc:SAML:2.0:status:Success",
    signature: str = "",
) -> str:
    return (
        f'<samlp:LogoutResponse xmlns:samlp="{SAMLP_NS}" xmlns:saml="{SAML_NS}" '
        f'ID="{response_id}" Version="2.0" IssueInstant="{format_instant(at)}" '
        f'Destination="{destination}" InResponseTo="{request_id}">'
        f"{_issuer(issuer, ENTITY)}{signature}"
        f'<samlp:Status><samlp:StatusCode Value="{status}"/></samlp:Status>'
        "</samlp:LogoutResponse>"
    )


def encode(xml: str) -> str:
    return base64.b64encode(xml.encode("utf-8")).decode("ascii")
