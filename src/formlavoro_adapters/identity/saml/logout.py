"""SAML single logout, initiated by the service provider (ID-7).

After ``portal.identity.logout`` has ended the portal's session, the app asks the
identity provider to end its own: a signed ``LogoutRequest`` names the citizen's
``NameID`` and ``SessionIndex`` (from the login's :class:`SamlSession`) and goes to
the provider's ``SingleLogoutService``; the provider answers with a signed
``LogoutResponse`` posted to our ``slo_url`` (the one the metadata announces).

The response is checked as strictly as a login response: it must answer a request we
sent (consumed once), be addressed to our ``slo_url``, come from the provider the
request went to, be issued within the time window, and carry a signature of that
provider's metadata keys with SHA-256 or stronger. Only then is its status read.
"""

from __future__ import annotations

import base64
import datetime as dt
import hmac
from collections.abc import Callable
from typing import Any
from xml.etree import ElementTree as ET
from xml.etree.ElementTree import Element

import attrs
from defusedxml import ElementTree as SafeET
from saml2 import class_name, samlp

from formlavoro_adapters.identity.saml import failures as f
from formlavoro_adapters.identity.saml.algorithms import algorithm_refusal
from formlavoro_adapters.identity.saml.authn import (
    ENTITY,
    SAML_NS,
    SAMLP_NS,
    TRANSIENT,
    Binding,
    LoginRequest,
    format_instant,
    redirect_url,
)
from formlavoro_adapters.identity.saml.elements import Refused, Window
from formlavoro_adapters.identity.saml.settings import ServiceProviderSettings
from formlavoro_adapters.identity.saml.store import PendingRequest, SamlRequestStore
from formlavoro_adapters.identity.saml.xmlsign import DSIG, Signer, signature_template
from formlavoro_core.identity.assertion import IdentityAssertion

__all__ = [
    "LoggedOut",
    "SamlLogin",
    "SamlSession",
    "build_logout_request",
    "check_logout_response",
    "match_pending",
    "parse_logout_response",
    "xml_signature",
]

SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success"
_STATUSES = {
    "urn:oasis:names:tc:SAML:2.0:status:PartialLogout": "partial",
    "urn:oasis:names:tc:SAML:2.0:status:Requester": "requester",
    "urn:oasis:names:tc:SAML:2.0:status:Responder": "responder",
}
_PLACEHOLDER = "SIGNATURE-PLACEHOLDER"


@attrs.frozen(kw_only=True)
class SamlSession:
    """The identity provider's session of a login: what single logout names (ID-7).

    Keep it beside the core's ``Session`` (it holds no personal data: the ``NameID``
    of SPID and CIE is transient, made for this login only).
    """

    idp_entity_id: str
    name_id: str
    name_qualifier: str
    session_index: str | None = None


@attrs.frozen(kw_only=True)
class SamlLogin:
    """A verified login response: the identity for the portal, the session for logout."""

    identity: IdentityAssertion
    session: SamlSession


@attrs.frozen(kw_only=True)
class LoggedOut:
    """The identity provider confirmed that its session ended."""

    idp_entity_id: str
    relay_state: str


def _logout_xml(
    settings: ServiceProviderSettings,
    *,
    request_id: str,
    destination: str,
    session: SamlSession,
    issued_at: dt.datetime,
    signed_in_xml: bool,
) -> str:
    root = ET.Element(
        f"{{{SAMLP_NS}}}LogoutRequest",
        {
            "ID": request_id,
            "Version": "2.0",
            "IssueInstant": format_instant(issued_at),
            "Destination": destination,
        },
    )
    issuer = ET.SubElement(
        root, f"{{{SAML_NS}}}Issuer", {"NameQualifier": settings.entity_id, "Format": ENTITY}
    )
    issuer.text = settings.entity_id
    issuer.tail = _PLACEHOLDER if signed_in_xml else None
    name_id = ET.SubElement(
        root,
        f"{{{SAML_NS}}}NameID",
        {"NameQualifier": session.name_qualifier, "Format": TRANSIENT},
    )
    name_id.text = session.name_id
    if session.session_index:
        ET.SubElement(root, f"{{{SAMLP_NS}}}SessionIndex").text = session.session_index
    return ET.tostring(root, encoding="unicode")


def build_logout_request(
    settings: ServiceProviderSettings,
    *,
    signer: Signer,
    certificate_b64: str,
    request_id: str,
    destination: str,
    session: SamlSession,
    issued_at: dt.datetime,
    relay_state: str,
    binding: Binding,
) -> LoginRequest:
    """The signed LogoutRequest for ``destination`` (the provider's SLO URL of ``binding``).

    The answer has the shape of a login request: a self-posting form or a redirect URL.
    """
    xml = _logout_xml(
        settings,
        request_id=request_id,
        destination=destination,
        session=session,
        issued_at=issued_at,
        signed_in_xml=binding is Binding.POST,
    )
    if binding is Binding.POST:
        xml = xml.replace(_PLACEHOLDER, signature_template(request_id, certificate_b64), 1)
        signed = signer.sign(xml, f"{SAMLP_NS}:LogoutRequest", request_id)
        encoded = base64.b64encode(signed.encode("utf-8")).decode("ascii")
        return LoginRequest(
            request_id=request_id,
            binding=binding,
            url=destination,
            fields={"SAMLRequest": encoded, "RelayState": relay_state},
        )
    url = redirect_url(destination, xml, relay_state, settings.key_file.read_bytes())
    return LoginRequest(request_id=request_id, binding=binding, url=url)


def parse_logout_response(raw: bytes) -> Element:
    """Parse without DTDs or entities; the root must be a ``samlp:LogoutResponse``."""
    try:
        root: Element = SafeET.fromstring(raw, forbid_dtd=True)
    except Exception as exc:
        raise Refused(f.MalformedResponse(reason=f"not XML ({type(exc).__name__})")) from exc
    if root.tag != f"{{{SAMLP_NS}}}LogoutResponse":
        raise Refused(f.MalformedResponse(reason="the root element is not samlp:LogoutResponse"))
    return root


_LOGOUT_PARSERS: dict[str, Callable[[str], Any]] = {
    "LogoutRequest": samlp.logout_request_from_string,
    "LogoutResponse": samlp.logout_response_from_string,
}


def verify_enveloped(root: Element, xml: str, context: Any, *, kind: str, unsigned: str) -> None:
    """Check the one enveloped ``ds:Signature`` of a logout message (HTTP-POST binding).

    ``kind`` is ``LogoutRequest`` or ``LogoutResponse``; ``unsigned`` the refusal's
    reason when the message carries no signature.
    """
    signatures = root.findall(f"{{{DSIG}}}Signature")
    if not signatures:
        raise Refused(f.InvalidSignature(reason=unsigned))
    if len(signatures) > 1:
        raise Refused(f.InvalidSignature(reason="response_signatures"))
    ids = [element.get("ID") for element in root.iter() if element.get("ID") is not None]
    if len(ids) != len(set(ids)):
        raise Refused(f.InvalidSignature(reason="duplicate_id"))
    refusal = algorithm_refusal(signatures[0], kind)
    if refusal is not None:
        raise Refused(refusal)
    try:
        parsed = _LOGOUT_PARSERS[kind](xml)
        context.check_signature(parsed, class_name(parsed), origdoc=xml)
    except Exception as exc:
        raise Refused(f.InvalidSignature(reason="not_verified")) from exc


def xml_signature(context: Any) -> Callable[[Element, str], None]:
    """The signature check of the HTTP-POST binding: the enveloped ``ds:Signature``."""
    return lambda root, xml: verify_enveloped(
        root, xml, context, kind="LogoutResponse", unsigned="logout_unsigned"
    )


def check_logout_response(
    root: Element,
    xml: str,
    pending: PendingRequest,
    window: Window,
    verify: Callable[[Element, str], None],
) -> LoggedOut:
    """Every rule on a ``LogoutResponse`` answering ``pending``; raises :class:`Refused`.

    ``verify`` checks the signature of the binding (:func:`xml_signature` for HTTP-POST,
    the query signature for HTTP-Redirect), after the issuer is known to be right.
    """
    if not (root.get("ID") or "").strip():
        raise Refused(f.MalformedResponse(reason="LogoutResponse/@ID is missing or empty"))
    if root.get("Version") != "2.0":
        raise Refused(f.MalformedResponse(reason="LogoutResponse/@Version is not 2.0"))
    instant = root.get("IssueInstant", "")
    try:
        issued = dt.datetime.strptime(instant, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
    except ValueError as exc:
        reason = "LogoutResponse/@IssueInstant is not a UTC xs:dateTime to the second"
        raise Refused(f.MalformedResponse(reason=reason)) from exc
    window.check_issued(issued, "LogoutResponse/@IssueInstant")
    if root.get("Destination") != pending.acs_url:
        raise Refused(f.WrongDestination(element="LogoutResponse"))
    issuers = root.findall(f"{{{SAML_NS}}}Issuer")
    if len(issuers) != 1 or (issuers[0].text or "").strip() != pending.idp_entity_id:
        raise Refused(f.WrongIssuer(element="LogoutResponse"))
    verify(root, xml)
    status = root.find(f"{{{SAMLP_NS}}}Status/{{{SAMLP_NS}}}StatusCode")
    value = status.get("Value", "") if status is not None else ""
    if value != SUCCESS:
        nested = status.find(f"{{{SAMLP_NS}}}StatusCode") if status is not None else None
        detail = nested.get("Value", "") if nested is not None else ""
        raise Refused(f.LogoutFailed(status=_STATUSES.get(detail, _STATUSES.get(value, "other"))))
    return LoggedOut(idp_entity_id=pending.idp_entity_id, relay_state=pending.relay_state)


def match_pending(
    store: SamlRequestStore,
    settings: ServiceProviderSettings,
    root: Element,
    relay_state: str | None,
    now: dt.datetime,
) -> tuple[PendingRequest, Window]:
    """Take the request a message answers (``InResponseTo``, consumed) and its time window.

    With ``relay_state`` (what came back), it must be the one the request was sent
    with; ``None`` skips that check.
    """
    request_id = root.get("InResponseTo", "").strip()
    if not request_id:
        raise Refused(f.MalformedResponse(reason="InResponseTo is missing or empty"))
    pending = store.take_request(request_id, now)
    if pending is None:
        raise Refused(f.UnknownRequest())
    if relay_state is not None and not hmac.compare_digest(
        relay_state.encode("utf-8"), pending.relay_state.encode("utf-8")
    ):
        raise Refused(f.RelayStateMismatch())
    window = Window(
        now=now,
        requested_at=pending.issued_at,
        skew=settings.clock_skew,
        max_age=settings.max_response_age,
    )
    return pending, window
