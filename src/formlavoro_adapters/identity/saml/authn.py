"""Signed AuthnRequests, for the HTTP-POST and HTTP-Redirect bindings."""

from __future__ import annotations

import base64
import datetime as dt
import enum
import html
from xml.etree import ElementTree as ET

import attrs

from formlavoro_adapters.identity.saml.redirect import redirect_message
from formlavoro_adapters.identity.saml.settings import (
    LEVEL_URIS,
    Comparison,
    SamlProfile,
    ServiceProviderSettings,
)
from formlavoro_adapters.identity.saml.xmlsign import Signer, signature_template
from formlavoro_core.identity.assertion import AssuranceLevel

__all__ = ["Binding", "LoginRequest", "build_authn_request", "format_instant", "redirect_url"]

SAMLP_NS = "urn:oasis:names:tc:SAML:2.0:protocol"
SAML_NS = "urn:oasis:names:tc:SAML:2.0:assertion"
ENTITY = "urn:oasis:names:tc:SAML:2.0:nameid-format:entity"
TRANSIENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:transient"
POST_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
_PLACEHOLDER = "SIGNATURE-PLACEHOLDER"

ET.register_namespace("samlp", SAMLP_NS)
ET.register_namespace("saml", SAML_NS)


class Binding(enum.Enum):
    """How the AuthnRequest travels to the identity provider."""

    POST = "post"
    REDIRECT = "redirect"


def format_instant(instant: dt.datetime) -> str:
    """A SAML ``xs:dateTime`` in UTC, to the second.

    >>> format_instant(dt.datetime(2026, 3, 1, 9, 30, 5, 999, tzinfo=dt.UTC))
    '2026-03-01T09:30:05Z'
    """
    return instant.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@attrs.frozen(kw_only=True)
class LoginRequest:
    """What to send to the browser: a self-submitting form (POST) or a redirect URL."""

    request_id: str
    binding: Binding
    url: str
    """The identity provider's SSO URL (POST), or the whole redirect URL."""
    fields: dict[str, str] = attrs.field(factory=dict)
    """The form fields for POST (``SAMLRequest``, ``RelayState``); empty for redirect."""

    def form_html(self) -> str:
        """An HTML page whose form posts itself to the identity provider."""
        inputs = "".join(
            f'<input type="hidden" name="{html.escape(name)}" value="{html.escape(value)}"/>'
            for name, value in self.fields.items()
        )
        return (
            '<!DOCTYPE html><html lang="it"><head><meta charset="utf-8"><title>SAML</title></head>'
            '<body onload="document.forms[0].submit()">'
            f'<form method="post" action="{html.escape(self.url)}">{inputs}'
            '<noscript><button type="submit">Continua</button></noscript></form></body></html>'
        )


def _request_xml(
    settings: ServiceProviderSettings,
    *,
    request_id: str,
    destination: str,
    level: AssuranceLevel,
    issued_at: dt.datetime,
    signed_in_xml: bool,
    certificate_b64: str,
) -> str:
    force = settings.profile is SamlProfile.CIE or level is not AssuranceLevel.LOW
    comparison = settings.comparison if settings.profile is SamlProfile.CIE else Comparison.MINIMUM
    root = ET.Element(
        f"{{{SAMLP_NS}}}AuthnRequest",
        {
            "ID": request_id,
            "Version": "2.0",
            "IssueInstant": format_instant(issued_at),
            "Destination": destination,
            "AssertionConsumerServiceIndex": "0",
            "AttributeConsumingServiceIndex": "0",
        },
    )
    if force:
        root.set("ForceAuthn", "true")
    issuer = ET.SubElement(
        root, f"{{{SAML_NS}}}Issuer", {"NameQualifier": settings.entity_id, "Format": ENTITY}
    )
    issuer.text = settings.entity_id
    issuer.tail = _PLACEHOLDER if signed_in_xml else None
    ET.SubElement(root, f"{{{SAMLP_NS}}}NameIDPolicy", {"Format": TRANSIENT})
    context = ET.SubElement(
        root, f"{{{SAMLP_NS}}}RequestedAuthnContext", {"Comparison": comparison.value}
    )
    ET.SubElement(context, f"{{{SAML_NS}}}AuthnContextClassRef").text = LEVEL_URIS[level]
    xml = ET.tostring(root, encoding="unicode")
    if signed_in_xml:
        xml = xml.replace(_PLACEHOLDER, signature_template(request_id, certificate_b64), 1)
    return xml


def redirect_url(base: str, xml: str, relay_state: str, key_pem: bytes) -> str:
    """``base`` with the deflated ``SAMLRequest`` and its signature (HTTP-Redirect binding)."""
    return redirect_message(base, "SAMLRequest", xml, relay_state, key_pem)


def build_authn_request(
    settings: ServiceProviderSettings,
    *,
    signer: Signer,
    certificate_b64: str,
    request_id: str,
    destination: str,
    level: AssuranceLevel,
    issued_at: dt.datetime,
    relay_state: str,
    binding: Binding,
) -> LoginRequest:
    """The signed AuthnRequest for ``destination`` (the IdP SSO URL of ``binding``)."""
    if binding is Binding.POST:
        xml = _request_xml(
            settings,
            request_id=request_id,
            destination=destination,
            level=level,
            issued_at=issued_at,
            signed_in_xml=True,
            certificate_b64=certificate_b64,
        )
        signed = signer.sign(xml, f"{SAMLP_NS}:AuthnRequest", request_id)
        encoded = base64.b64encode(signed.encode("utf-8")).decode("ascii")
        return LoginRequest(
            request_id=request_id,
            binding=binding,
            url=destination,
            fields={"SAMLRequest": encoded, "RelayState": relay_state},
        )
    xml = _request_xml(
        settings,
        request_id=request_id,
        destination=destination,
        level=level,
        issued_at=issued_at,
        signed_in_xml=False,
        certificate_b64=certificate_b64,
    )
    url = redirect_url(destination, xml, relay_state, settings.key_file.read_bytes())
    return LoginRequest(request_id=request_id, binding=binding, url=url)
