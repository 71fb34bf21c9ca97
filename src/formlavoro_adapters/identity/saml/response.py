"""Checks of a SAML response against the SPID technical rules (and CIE's).

pysaml2 verifies the XML signatures, with the keys of the identity provider's metadata
only; everything else (the rules pysaml2 leaves out or applies loosely: Destination and
Recipient, time windows against our clock, Issuer formats, NameID, levels, attributes,
wrapping of unsigned content) is checked here, on the same document. Each check raises
:class:`Refused` with the failure value; the service provider turns it into ``Failure``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any, Final
from xml.etree.ElementTree import Element

import attrs
from defusedxml import ElementTree as SafeET
from saml2 import class_name, samlp

from formlavoro_adapters.identity.saml import failures as f
from formlavoro_adapters.identity.saml import idp_errors as e
from formlavoro_adapters.identity.saml.algorithms import algorithm_refusal
from formlavoro_adapters.identity.saml.settings import (
    SamlProfile,
    ServiceProviderSettings,
    level_from_uri,
    rank,
)
from formlavoro_adapters.identity.saml.store import PendingRequest
from formlavoro_core.identity.assertion import AssuranceLevel

__all__ = [
    "CheckedAssertion",
    "Refused",
    "check_assertion",
    "check_envelope",
    "parse_response",
    "status_failure",
    "verify_signatures",
]

SAMLP: Final = "{urn:oasis:names:tc:SAML:2.0:protocol}"
SAML: Final = "{urn:oasis:names:tc:SAML:2.0:assertion}"
DS: Final = "{http://www.w3.org/2000/09/xmldsig#}"
ENTITY: Final = "urn:oasis:names:tc:SAML:2.0:nameid-format:entity"
TRANSIENT: Final = "urn:oasis:names:tc:SAML:2.0:nameid-format:transient"
BEARER: Final = "urn:oasis:names:tc:SAML:2.0:cm:bearer"
SUCCESS: Final = "urn:oasis:names:tc:SAML:2.0:status:Success"
MAX_ID: Final = 200
"""The longest assertion ID kept against replays."""
_INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")
_SPID_ERROR = re.compile(r"ErrorCode\s+nr\s*(\d+)", re.IGNORECASE)
_SPID_ERRORS: Final[dict[str, f.SamlFailure]] = {
    "19": e.TooManyAttempts(),
    "20": e.NoCredentialsForLevel(),
    "21": e.AuthenticationTimedOut(),
    "22": e.ConsentDenied(),
    "23": e.IdentitySuspended(),
    "25": e.AuthenticationCancelled(),
}


class Refused(Exception):
    """A check failed; ``failure`` says why."""

    def __init__(self, failure: f.SamlFailure) -> None:
        super().__init__(failure.code)
        self.failure = failure


def _malformed(reason: str) -> Refused:
    return Refused(f.MalformedResponse(reason=reason))


def parse_response(xml: bytes) -> Element:
    """Parse without DTDs or entities; the root must be a ``samlp:Response``."""
    try:
        root: Element = SafeET.fromstring(xml, forbid_dtd=True)
    except Exception as exc:
        raise _malformed(f"not XML ({type(exc).__name__})") from exc
    if root.tag != f"{SAMLP}Response":
        raise _malformed("the root element is not samlp:Response")
    return root


def _required(element: Element, name: str, where: str) -> str:
    value = element.get(name)
    if value is None or not value.strip():
        raise _malformed(f"{where}/@{name} is missing or empty")
    return value.strip()


def _child(element: Element, tag: str, where: str) -> Element:
    found = element.findall(tag)
    if len(found) != 1:
        raise _malformed(f"{where} needs exactly one {tag.rsplit('}', 1)[-1]}")
    return found[0]


def _text(element: Element, where: str) -> str:
    text = (element.text or "").strip()
    if not text:
        raise _malformed(f"{where} is empty")
    return text


def _instant(element: Element, name: str, where: str) -> dt.datetime:
    value = _required(element, name, where)
    if not _INSTANT.match(value):
        raise _malformed(f"{where}/@{name} is not a UTC xs:dateTime")
    head, _, fraction = value[:-1].partition(".")
    try:
        parsed = dt.datetime.fromisoformat(head).replace(tzinfo=dt.UTC)
    except ValueError as exc:
        raise _malformed(f"{where}/@{name} is not a valid instant") from exc
    micros = int((fraction + "000000")[:6]) if fraction else 0
    return parsed + dt.timedelta(microseconds=micros)


@attrs.frozen(kw_only=True)
class Window:
    """Our clock's view of the exchange: now, the request's time and the tolerances."""

    now: dt.datetime
    requested_at: dt.datetime
    skew: dt.timedelta
    max_age: dt.timedelta

    def check_issued(self, instant: dt.datetime, where: str) -> None:
        """An ``IssueInstant``: after the request, not in the future, not too old."""
        if instant < self.requested_at - self.skew:
            raise Refused(f.StaleResponse(reason=f"{where} is before the request"))
        if instant > self.now + self.skew:
            raise Refused(f.StaleResponse(reason=f"{where} is in the future"))
        if instant < self.now - self.max_age - self.skew:
            raise Refused(f.StaleResponse(reason=f"{where} is too old"))

    def check_not_on_or_after(self, instant: dt.datetime, where: str) -> None:
        """A ``NotOnOrAfter``: still ahead of us."""
        if self.now >= instant + self.skew:
            raise Refused(f.StaleResponse(reason=f"{where} has passed"))

    def check_not_before(self, instant: dt.datetime, where: str) -> None:
        """A ``NotBefore``: already behind us."""
        if instant > self.now + self.skew:
            raise Refused(f.StaleResponse(reason=f"{where} is in the future"))


def _issuer(parent: Element, where: str, expected: str, *, format_required: bool) -> None:
    issuer = _child(parent, f"{SAML}Issuer", where)
    value = _text(issuer, f"{where}/Issuer")
    if value != expected:
        raise Refused(f.WrongIssuer(element=where))
    form = issuer.get("Format")
    if form is None and format_required:
        raise _malformed(f"{where}/Issuer/@Format is missing")
    if form is not None and form != ENTITY:
        raise _malformed(f"{where}/Issuer/@Format is not {ENTITY}")


def check_envelope(root: Element, pending: PendingRequest, window: Window) -> None:
    """The ``Response`` element itself: ID, Version, IssueInstant, Destination, Issuer."""
    _required(root, "ID", "Response")
    if root.get("Version") != "2.0":
        raise _malformed("Response/@Version is not 2.0")
    window.check_issued(_instant(root, "IssueInstant", "Response"), "Response/@IssueInstant")
    destination = _required(root, "Destination", "Response")
    if destination != pending.acs_url:
        raise Refused(f.WrongDestination(element="Response"))
    _issuer(root, "Response", pending.idp_entity_id, format_required=False)


def status_failure(root: Element, xml: str, context: Any) -> f.SamlFailure | None:
    """``None`` for a success; the failure of an error status.

    The ``StatusMessage`` is read only when the response is signed and its signature
    verified: then the SPID anomaly codes (``ErrorCode nr19`` to ``nr25``) become their
    failures. An unsigned error response is a generic refusal, whatever its message
    says: whoever posts it writes the message. The message itself is never kept.
    """
    status = _child(root, f"{SAMLP}Status", "Response")
    code = _child(status, f"{SAMLP}StatusCode", "Response/Status")
    value = _required(code, "Value", "Response/Status/StatusCode")
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
        raise _malformed("encrypted assertions are not accepted")
    everywhere = list(root.iter(f"{SAML}Assertion"))
    direct = root.findall(f"{SAML}Assertion")
    if not everywhere:
        raise _malformed("the Assertion is missing")
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
    assertion_id = _required(assertion, "ID", "Assertion")
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


@attrs.frozen(kw_only=True)
class CheckedAssertion:
    """What a verified assertion says: its ID, expiry, level and attributes.

    ``attributes`` holds each attribute's first non-blank value, stripped;
    ``fiscal_numbers`` every value of ``fiscalNumber`` exactly as sent.
    """

    id: str
    expires_at: dt.datetime
    level: AssuranceLevel
    attributes: dict[str, str]
    fiscal_numbers: tuple[str, ...]
    name_id: str = ""
    name_qualifier: str = ""
    session_index: str | None = None
    """The identity provider's session: what a single logout request names (ID-7)."""


def _subject(
    assertion: Element, pending: PendingRequest, window: Window
) -> tuple[dt.datetime, str, str]:
    subject = _child(assertion, f"{SAML}Subject", "Assertion")
    name_id = _child(subject, f"{SAML}NameID", "Assertion/Subject")
    name = _text(name_id, "Assertion/Subject/NameID")
    if _required(name_id, "Format", "Assertion/Subject/NameID") != TRANSIENT:
        raise _malformed(f"Assertion/Subject/NameID/@Format is not {TRANSIENT}")
    qualifier = _required(name_id, "NameQualifier", "Assertion/Subject/NameID")
    confirmation = _child(subject, f"{SAML}SubjectConfirmation", "Assertion/Subject")
    if _required(confirmation, "Method", "SubjectConfirmation") != BEARER:
        raise _malformed(f"SubjectConfirmation/@Method is not {BEARER}")
    data = _child(confirmation, f"{SAML}SubjectConfirmationData", "SubjectConfirmation")
    recipient = _required(data, "Recipient", "SubjectConfirmationData")
    if recipient != pending.acs_url:
        raise Refused(f.WrongDestination(element="SubjectConfirmationData"))
    if _required(data, "InResponseTo", "SubjectConfirmationData") != pending.id:
        raise _malformed("SubjectConfirmationData/@InResponseTo is not the request ID")
    expiry = _instant(data, "NotOnOrAfter", "SubjectConfirmationData")
    window.check_not_on_or_after(expiry, "SubjectConfirmationData/@NotOnOrAfter")
    return expiry, name, qualifier


def _conditions(assertion: Element, entity_id: str, window: Window) -> dt.datetime:
    conditions = _child(assertion, f"{SAML}Conditions", "Assertion")
    window.check_not_before(
        _instant(conditions, "NotBefore", "Conditions"), "Conditions/@NotBefore"
    )
    expiry = _instant(conditions, "NotOnOrAfter", "Conditions")
    window.check_not_on_or_after(expiry, "Conditions/@NotOnOrAfter")
    restrictions = conditions.findall(f"{SAML}AudienceRestriction")
    if not restrictions:
        raise _malformed("Conditions/AudienceRestriction is missing")
    for restriction in restrictions:
        audiences = [
            (element.text or "").strip() for element in restriction.findall(f"{SAML}Audience")
        ]
        if not any(audiences):
            raise _malformed("AudienceRestriction/Audience is missing or empty")
        if entity_id not in audiences:
            raise Refused(f.WrongAudience())
    return expiry


def _session_index(assertion: Element) -> str | None:
    statement = _child(assertion, f"{SAML}AuthnStatement", "Assertion")
    index = (statement.get("SessionIndex") or "").strip()
    return index or None


def _level(assertion: Element, requested: AssuranceLevel) -> AssuranceLevel:
    statement = _child(assertion, f"{SAML}AuthnStatement", "Assertion")
    context = _child(statement, f"{SAML}AuthnContext", "AuthnStatement")
    reference = _text(
        _child(context, f"{SAML}AuthnContextClassRef", "AuthnContext"), "AuthnContextClassRef"
    )
    level = level_from_uri(reference)
    if level is None:
        raise _malformed("AuthnContextClassRef is not a SPID level")
    if rank(level) < rank(requested):
        raise Refused(f.InsufficientLevel(requested=requested, received=level))
    return level


def _attribute_values(assertion: Element) -> Iterator[tuple[str, list[str]]]:
    """Each attribute's name and its values as sent (text, not stripped)."""
    for statement in assertion.findall(f"{SAML}AttributeStatement"):
        attributes = statement.findall(f"{SAML}Attribute")
        if not attributes:
            raise _malformed("AttributeStatement has no Attribute")
        for attribute in attributes:
            values = attribute.findall(f"{SAML}AttributeValue")
            yield attribute.get("Name", "").strip(), [value.text or "" for value in values]


def check_assertion(
    assertion: Element,
    pending: PendingRequest,
    window: Window,
    settings: ServiceProviderSettings,
) -> CheckedAssertion:
    """Every rule on the (verified) assertion; returns what it says."""
    assertion_id = _required(assertion, "ID", "Assertion")
    if len(assertion_id) > MAX_ID:
        raise _malformed(f"Assertion/@ID is longer than {MAX_ID} characters")
    if assertion.get("Version") != "2.0":
        raise _malformed("Assertion/@Version is not 2.0")
    window.check_issued(_instant(assertion, "IssueInstant", "Assertion"), "Assertion/@IssueInstant")
    _issuer(
        assertion,
        "Assertion",
        pending.idp_entity_id,
        format_required=settings.profile is SamlProfile.SPID,
    )
    subject_expiry, name_id, name_qualifier = _subject(assertion, pending, window)
    conditions_expiry = _conditions(assertion, settings.entity_id, window)
    level = _level(assertion, pending.level)
    read = list(_attribute_values(assertion))
    attributes = {
        name: next((value.strip() for value in values if value.strip()), "")
        for name, values in read
    }
    missing = tuple(name for name in settings.requested_attributes if not attributes.get(name))
    if missing:
        raise Refused(f.MissingAttributes(names=missing))
    return CheckedAssertion(
        id=assertion_id,
        expires_at=max(subject_expiry, conditions_expiry) + window.skew,
        level=level,
        attributes=attributes,
        fiscal_numbers=tuple(
            value for name, values in read if name == "fiscalNumber" for value in values
        ),
        name_id=name_id,
        name_qualifier=name_qualifier,
        session_index=_session_index(assertion),
    )
