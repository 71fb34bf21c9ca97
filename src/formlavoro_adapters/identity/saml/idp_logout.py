"""SAML single logout started by the identity provider (ID-7): its LogoutRequest, our answer.

When the citizen logs out at SPID or CIE (or of another service sharing the identity
provider's session), the provider sends a ``LogoutRequest`` to our ``slo_url``, by
HTTP-POST (an enveloped XML signature) or HTTP-Redirect (a query signature). It is read
as strictly as a login response, the signature first:

* the ``Issuer`` is an identity provider of the registry (``identity.saml.unknown_idp``);
* the signature is that provider's, with SHA-256 or stronger
  (``identity.saml.invalid_signature``, ``…weak_signature_algorithm``);
* ``ID``, ``Version``, ``IssueInstant`` (not in the future, not older than
  ``max_response_age``), ``NotOnOrAfter`` when present, ``Destination`` our
  ``slo_url``, and a ``NameID``;
* its ``ID`` was not received before (``identity.saml.replayed_logout_request``).

Our answer, :func:`build_logout_response`, is a ``LogoutResponse`` signed with the SP key
(in the XML for HTTP-POST, in the query for HTTP-Redirect), sent to the provider's
``SingleLogoutService``.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable
from typing import Any
from xml.etree import ElementTree as ET
from xml.etree.ElementTree import Element

import attrs
from defusedxml import ElementTree as SafeET

from formlavoro_adapters.identity.saml import failures as f
from formlavoro_adapters.identity.saml.authn import (
    ENTITY,
    SAML_NS,
    SAMLP_NS,
    Binding,
    LoginRequest,
    format_instant,
)
from formlavoro_adapters.identity.saml.elements import Refused, Window
from formlavoro_adapters.identity.saml.logout import verify_enveloped
from formlavoro_adapters.identity.saml.redirect import redirect_message
from formlavoro_adapters.identity.saml.settings import ServiceProviderSettings
from formlavoro_adapters.identity.saml.xmlsign import Signer, signature_template

__all__ = [
    "LogoutRequestReceived",
    "build_logout_response",
    "check_logout_request",
    "parse_logout_request",
    "xml_request_signature",
]

SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success"
_PLACEHOLDER = "SIGNATURE-PLACEHOLDER"
_INSTANT = "%Y-%m-%dT%H:%M:%SZ"


@attrs.frozen(kw_only=True)
class LogoutRequestReceived:
    """A verified ``LogoutRequest``: which provider, which of its sessions end."""

    id: str
    idp_entity_id: str
    name_id: str
    session_indexes: tuple[str, ...]
    issued_at: dt.datetime
    expires_at: dt.datetime
    """When the request stops being valid: until then its ``ID`` is remembered."""


def parse_logout_request(raw: bytes) -> Element:
    """Parse without DTDs or entities; the root must be a ``samlp:LogoutRequest``."""
    try:
        root: Element = SafeET.fromstring(raw, forbid_dtd=True)
    except Exception as exc:
        raise Refused(f.MalformedResponse(reason=f"not XML ({type(exc).__name__})")) from exc
    if root.tag != f"{{{SAMLP_NS}}}LogoutRequest":
        raise Refused(f.MalformedResponse(reason="the root element is not samlp:LogoutRequest"))
    return root


def request_issuer(root: Element) -> str:
    """The one ``Issuer`` of the request (not trusted yet: the signature says if it is)."""
    issuers = root.findall(f"{{{SAML_NS}}}Issuer")
    if len(issuers) != 1 or not (issuers[0].text or "").strip():
        raise Refused(f.MalformedResponse(reason="LogoutRequest/Issuer must appear once"))
    return (issuers[0].text or "").strip()


def xml_request_signature(context: Any) -> Callable[[Element, str], None]:
    """The signature check of the HTTP-POST binding: one enveloped ``ds:Signature``."""

    def verify(root: Element, xml: str) -> None:
        verify_enveloped(
            root, xml, context, kind="LogoutRequest", unsigned="logout_request_unsigned"
        )

    return verify


def _instant(root: Element, name: str) -> dt.datetime | None:
    value = root.get(name)
    if value is None:
        return None
    try:
        return dt.datetime.strptime(value, _INSTANT).replace(tzinfo=dt.UTC)
    except ValueError as exc:
        reason = f"LogoutRequest/@{name} is not a UTC xs:dateTime to the second"
        raise Refused(f.MalformedResponse(reason=reason)) from exc


def check_logout_request(
    root: Element,
    xml: str,
    *,
    idp_entity_id: str,
    settings: ServiceProviderSettings,
    window: Window,
    verify: Callable[[Element, str], None],
) -> LogoutRequestReceived:
    """Every rule on a ``LogoutRequest`` of ``idp_entity_id``; raises :class:`Refused`.

    ``verify`` checks the signature of the binding, before anything else is read.
    """
    verify(root, xml)
    request_id = (root.get("ID") or "").strip()
    if not request_id:
        raise Refused(f.MalformedResponse(reason="LogoutRequest/@ID is missing or empty"))
    if root.get("Version") != "2.0":
        raise Refused(f.MalformedResponse(reason="LogoutRequest/@Version is not 2.0"))
    issued = _instant(root, "IssueInstant")
    if issued is None:
        raise Refused(f.MalformedResponse(reason="LogoutRequest/@IssueInstant is missing"))
    window.check_issued(issued, "LogoutRequest/@IssueInstant")
    until = _instant(root, "NotOnOrAfter")
    if until is not None:
        window.check_not_on_or_after(until, "LogoutRequest/@NotOnOrAfter")
    if root.get("Destination") != settings.slo_url:
        raise Refused(f.WrongDestination(element="LogoutRequest"))
    name_ids = root.findall(f"{{{SAML_NS}}}NameID")
    if len(name_ids) != 1 or not (name_ids[0].text or "").strip():
        raise Refused(f.MalformedResponse(reason="LogoutRequest/NameID must appear once"))
    indexes = tuple(
        (element.text or "").strip() for element in root.findall(f"{{{SAMLP_NS}}}SessionIndex")
    )
    latest = issued + window.max_age + 2 * window.skew
    return LogoutRequestReceived(
        id=request_id,
        idp_entity_id=idp_entity_id,
        name_id=(name_ids[0].text or "").strip(),
        session_indexes=tuple(index for index in indexes if index),
        issued_at=issued,
        expires_at=latest if until is None else min(latest, until + window.skew),
    )


def build_logout_response(
    settings: ServiceProviderSettings,
    *,
    signer: Signer,
    certificate_b64: str,
    response_id: str,
    in_response_to: str,
    destination: str,
    issued_at: dt.datetime,
    relay_state: str,
    binding: Binding,
) -> LoginRequest:
    """Our signed ``LogoutResponse`` (status Success) for ``destination``, by ``binding``."""
    root = ET.Element(
        f"{{{SAMLP_NS}}}LogoutResponse",
        {
            "ID": response_id,
            "Version": "2.0",
            "IssueInstant": format_instant(issued_at),
            "Destination": destination,
            "InResponseTo": in_response_to,
        },
    )
    issuer = ET.SubElement(
        root, f"{{{SAML_NS}}}Issuer", {"NameQualifier": settings.entity_id, "Format": ENTITY}
    )
    issuer.text = settings.entity_id
    issuer.tail = _PLACEHOLDER if binding is Binding.POST else None
    status = ET.SubElement(root, f"{{{SAMLP_NS}}}Status")
    ET.SubElement(status, f"{{{SAMLP_NS}}}StatusCode", {"Value": SUCCESS})
    xml = ET.tostring(root, encoding="unicode")
    if binding is Binding.POST:
        xml = xml.replace(_PLACEHOLDER, signature_template(response_id, certificate_b64), 1)
        signed = signer.sign(xml, f"{SAMLP_NS}:LogoutResponse", response_id)
        encoded = base64.b64encode(signed.encode("utf-8")).decode("ascii")
        fields = {"SAMLResponse": encoded}
        if relay_state:
            fields["RelayState"] = relay_state
        return LoginRequest(request_id=response_id, binding=binding, url=destination, fields=fields)
    url = redirect_message(
        destination, "SAMLResponse", xml, relay_state, settings.key_file.read_bytes()
    )
    return LoginRequest(request_id=response_id, binding=binding, url=url)
