"""Checks of a SAML response against the SPID technical rules (and CIE's).

pysaml2 verifies the XML signatures, with the keys of the identity provider's metadata
only; everything else (the rules pysaml2 leaves out or applies loosely: Destination and
Recipient, time windows against our clock, Issuer formats, NameID, levels, attributes,
wrapping of unsigned content) is checked on the same document: the response's envelope,
status and signatures here, the assertion's content in
:mod:`~formlavoro_adapters.identity.saml.assertion_checks`, both reading elements through
:mod:`~formlavoro_adapters.identity.saml.elements`. Each check raises :class:`Refused`
with the failure value; the service provider turns it into ``Failure``.
"""

from __future__ import annotations

import re
from typing import Any, Final
from xml.etree.ElementTree import Element

from defusedxml import ElementTree as SafeET
from saml2 import class_name, samlp

from formlavoro_adapters.identity.saml import failures as f
from formlavoro_adapters.identity.saml import idp_errors as e
from formlavoro_adapters.identity.saml.algorithms import algorithm_refusal
from formlavoro_adapters.identity.saml.assertion_checks import (
    BEARER,
    MAX_ID,
    TRANSIENT,
    CheckedAssertion,
    check_assertion,
)
from formlavoro_adapters.identity.saml.elements import (
    DS,
    ENTITY,
    SAML,
    SAMLP,
    Refused,
    Window,
    check_issuer,
    instant_attribute,
    malformed,
    only_child,
    required_attribute,
)
from formlavoro_adapters.identity.saml.store import PendingRequest

__all__ = [
    "BEARER",
    "DS",
    "ENTITY",
    "MAX_ID",
    "SAML",
    "SAMLP",
    "TRANSIENT",
    "CheckedAssertion",
    "Refused",
    "Window",
    "check_assertion",
    "check_envelope",
    "parse_response",
    "status_failure",
    "verify_signatures",
]

SUCCESS: Final = "urn:oasis:names:tc:SAML:2.0:status:Success"
_SPID_ERROR = re.compile(r"ErrorCode\s+nr\s*(\d+)", re.IGNORECASE)
_SPID_ERRORS: Final[dict[str, f.SamlFailure]] = {
    "19": e.TooManyAttempts(),
    "20": e.NoCredentialsForLevel(),
    "21": e.AuthenticationTimedOut(),
    "22": e.ConsentDenied(),
    "23": e.IdentitySuspended(),
    "25": e.AuthenticationCancelled(),
}


def parse_response(xml: bytes) -> Element:
    """Parse without DTDs or entities; the root must be a ``samlp:Response``."""
    try:
        root: Element = SafeET.fromstring(xml, forbid_dtd=True)
    except Exception as exc:
        raise malformed(f"not XML ({type(exc).__name__})") from exc
    if root.tag != f"{SAMLP}Response":
        raise malformed("the root element is not samlp:Response")
    return root


def check_envelope(root: Element, pending: PendingRequest, window: Window) -> None:
    """The ``Response`` element itself: ID, Version, IssueInstant, Destination, Issuer."""
    required_attribute(root, "ID", "Response")
    if root.get("Version") != "2.0":
        raise malformed("Response/@Version is not 2.0")
    window.check_issued(
        instant_attribute(root, "IssueInstant", "Response"), "Response/@IssueInstant"
    )
    destination = required_attribute(root, "Destination", "Response")
    if destination != pending.acs_url:
        raise Refused(f.WrongDestination(element="Response"))
    check_issuer(root, "Response", pending.idp_entity_id, format_required=False)


def status_failure(root: Element, xml: str, context: Any) -> f.SamlFailure | None:
    """``None`` for a success; the failure of an error status.

    The ``StatusMessage`` is read only when the response is signed and its signature
    verified: then the SPID anomaly codes (``ErrorCode nr19`` to ``nr25``) become their
    failures. An unsigned error response is a generic refusal, whatever its message
    says: whoever posts it writes the message. The message itself is never kept.
    """
    status = only_child(root, f"{SAMLP}Status", "Response")
    code = only_child(status, f"{SAMLP}StatusCode", "Response/Status")
    value = required_attribute(code, "Value", "Response/Status/StatusCode")
    if value == SUCCESS:
        return None
    generic = e.AuthenticationFailed(status=value if value in e.STATUSES else "other")
    if not _response_signature_verified(root, xml, context):
        return generic
    message_element = status.find(f"{SAMLP}StatusMessage")
    message = (message_element.text or "") if message_element is not None else ""
    match = _SPID_ERROR.search(message)
    if match and match.group(1) in _SPID_ERRORS:
        return _SPID_ERRORS[match.group(1)]
    return generic


def _unique_ids(root: Element) -> None:
    ids = [element.get("ID") for element in root.iter() if element.get("ID") is not None]
    if len(ids) != len(set(ids)):
        raise Refused(f.InvalidSignature(reason="duplicate_id"))


def _checked_algorithms(signatures: list[Element], element: str) -> None:
    for signature in signatures:
        refusal = algorithm_refusal(signature, element)
        if refusal is not None:
            raise Refused(refusal)


def _response_signature_verified(root: Element, xml: str, context: Any) -> bool:
    """Verify the ``Response`` signature of an error response; ``False`` when unsigned."""
    signatures = root.findall(f"{DS}Signature")
    if not signatures:
        return False
    if len(signatures) > 1:
        raise Refused(f.InvalidSignature(reason="response_signatures"))
    _unique_ids(root)
    _checked_algorithms(signatures, "Response")
    try:
        parsed = samlp.response_from_string(xml)
        context.check_signature(parsed, class_name(parsed), origdoc=xml)
    except Exception as exc:
        raise Refused(f.InvalidSignature(reason="not_verified")) from exc
    return True


def _single_assertion(root: Element) -> Element:
    if any(True for _ in root.iter(f"{SAML}EncryptedAssertion")):
        raise malformed("encrypted assertions are not accepted")
    everywhere = list(root.iter(f"{SAML}Assertion"))
    direct = root.findall(f"{SAML}Assertion")
    if not everywhere:
        raise malformed("the Assertion is missing")
    if len(everywhere) != 1 or len(direct) != 1:
        raise Refused(f.InvalidSignature(reason="wrapped_assertion"))
    _unique_ids(root)
    return direct[0]


def verify_signatures(root: Element, xml: str, context: Any) -> Element:
    """Verify the response signature (when present) and the assertion's (required).

    Both must use SHA-256 or stronger, for the signature and the digest
    (:mod:`~formlavoro_adapters.identity.saml.algorithms`). Returns the one assertion,
    the one whose signature was verified.
    """
    assertion = _single_assertion(root)
    assertion_id = required_attribute(assertion, "ID", "Assertion")
    assertion_signatures = assertion.findall(f"{DS}Signature")
    if len(assertion_signatures) != 1:
        raise Refused(f.InvalidSignature(reason="assertion_unsigned"))
    response_signatures = root.findall(f"{DS}Signature")
    if len(response_signatures) > 1:
        raise Refused(f.InvalidSignature(reason="response_signatures"))
    _checked_algorithms(response_signatures, "Response")
    _checked_algorithms(assertion_signatures, "Assertion")
    try:
        parsed = samlp.response_from_string(xml)
        if parsed is None or len(parsed.assertion) != 1 or parsed.assertion[0].id != assertion_id:
            raise Refused(f.InvalidSignature(reason="signed_assertion_mismatch"))
        if parsed.signature is not None:
            context.check_signature(parsed, class_name(parsed), origdoc=xml)
        signed = parsed.assertion[0]
        if signed.signature is None:
            raise Refused(f.InvalidSignature(reason="assertion_unsigned"))
        context.check_signature(signed, class_name(signed), origdoc=xml, issuer=parsed.issuer)
    except Refused:
        raise
    except Exception as exc:
        raise Refused(f.InvalidSignature(reason="not_verified")) from exc
    return assertion
