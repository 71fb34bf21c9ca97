"""Checks of a verified SAML assertion: its subject, conditions, level and attributes.

Each check raises :class:`~formlavoro_adapters.identity.saml.elements.Refused` with the
failure value; :func:`check_assertion` returns what the assertion says.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Final
from xml.etree.ElementTree import Element

import attrs

from formlavoro_adapters.identity.saml import failures as f
from formlavoro_adapters.identity.saml.elements import (
    SAML,
    Refused,
    Window,
    check_issuer,
    element_text,
    instant_attribute,
    malformed,
    only_child,
    required_attribute,
)
from formlavoro_adapters.identity.saml.settings import (
    SamlProfile,
    ServiceProviderSettings,
    level_from_uri,
    rank,
)
from formlavoro_adapters.identity.saml.store import PendingRequest
from formlavoro_core.identity.assertion import AssuranceLevel

__all__ = ["BEARER", "MAX_ID", "TRANSIENT", "CheckedAssertion", "check_assertion"]

TRANSIENT: Final = "urn:oasis:names:tc:SAML:2.0:nameid-format:transient"
BEARER: Final = "urn:oasis:names:tc:SAML:2.0:cm:bearer"
MAX_ID: Final = 200
"""The longest assertion ID kept against replays."""


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
    subject = only_child(assertion, f"{SAML}Subject", "Assertion")
    name_id = only_child(subject, f"{SAML}NameID", "Assertion/Subject")
    name = element_text(name_id, "Assertion/Subject/NameID")
    if required_attribute(name_id, "Format", "Assertion/Subject/NameID") != TRANSIENT:
        raise malformed(f"Assertion/Subject/NameID/@Format is not {TRANSIENT}")
    qualifier = required_attribute(name_id, "NameQualifier", "Assertion/Subject/NameID")
    confirmation = only_child(subject, f"{SAML}SubjectConfirmation", "Assertion/Subject")
    if required_attribute(confirmation, "Method", "SubjectConfirmation") != BEARER:
        raise malformed(f"SubjectConfirmation/@Method is not {BEARER}")
    data = only_child(confirmation, f"{SAML}SubjectConfirmationData", "SubjectConfirmation")
    recipient = required_attribute(data, "Recipient", "SubjectConfirmationData")
    if recipient != pending.acs_url:
        raise Refused(f.WrongDestination(element="SubjectConfirmationData"))
    if required_attribute(data, "InResponseTo", "SubjectConfirmationData") != pending.id:
        raise malformed("SubjectConfirmationData/@InResponseTo is not the request ID")
    expiry = instant_attribute(data, "NotOnOrAfter", "SubjectConfirmationData")
    window.check_not_on_or_after(expiry, "SubjectConfirmationData/@NotOnOrAfter")
    return expiry, name, qualifier


def _conditions(assertion: Element, entity_id: str, window: Window) -> dt.datetime:
    conditions = only_child(assertion, f"{SAML}Conditions", "Assertion")
    window.check_not_before(
        instant_attribute(conditions, "NotBefore", "Conditions"), "Conditions/@NotBefore"
    )
    expiry = instant_attribute(conditions, "NotOnOrAfter", "Conditions")
    window.check_not_on_or_after(expiry, "Conditions/@NotOnOrAfter")
    restrictions = conditions.findall(f"{SAML}AudienceRestriction")
    if not restrictions:
        raise malformed("Conditions/AudienceRestriction is missing")
    for restriction in restrictions:
        audiences = [
            (element.text or "").strip() for element in restriction.findall(f"{SAML}Audience")
        ]
        if not any(audiences):
            raise malformed("AudienceRestriction/Audience is missing or empty")
        if entity_id not in audiences:
            raise Refused(f.WrongAudience())
    return expiry


def _session_index(assertion: Element) -> str | None:
    statement = only_child(assertion, f"{SAML}AuthnStatement", "Assertion")
    index = (statement.get("SessionIndex") or "").strip()
    return index or None


def _level(assertion: Element, requested: AssuranceLevel) -> AssuranceLevel:
    statement = only_child(assertion, f"{SAML}AuthnStatement", "Assertion")
    context = only_child(statement, f"{SAML}AuthnContext", "AuthnStatement")
    reference = element_text(
        only_child(context, f"{SAML}AuthnContextClassRef", "AuthnContext"), "AuthnContextClassRef"
    )
    level = level_from_uri(reference)
    if level is None:
        raise malformed("AuthnContextClassRef is not a SPID level")
    if rank(level) < rank(requested):
        raise Refused(f.InsufficientLevel(requested=requested, received=level))
    return level


def _attribute_values(assertion: Element) -> Iterator[tuple[str, list[str]]]:
    """Each attribute's name and its values as sent (text, not stripped)."""
    for statement in assertion.findall(f"{SAML}AttributeStatement"):
        attributes = statement.findall(f"{SAML}Attribute")
        if not attributes:
            raise malformed("AttributeStatement has no Attribute")
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
    assertion_id = required_attribute(assertion, "ID", "Assertion")
    if len(assertion_id) > MAX_ID:
        raise malformed(f"Assertion/@ID is longer than {MAX_ID} characters")
    if assertion.get("Version") != "2.0":
        raise malformed("Assertion/@Version is not 2.0")
    window.check_issued(
        instant_attribute(assertion, "IssueInstant", "Assertion"), "Assertion/@IssueInstant"
    )
    check_issuer(
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
