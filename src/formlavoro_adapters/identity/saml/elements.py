"""Reading the elements of a SAML message strictly, against our clock.

Namespaces, required XML attributes, single children, texts, UTC instants and issuers;
:class:`Window` checks the instants against our clock. Every check raises
:class:`Refused` with the failure value, for responses and logout messages alike.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final
from xml.etree.ElementTree import Element

import attrs

from formlavoro_adapters.identity.saml import failures as f

__all__ = [
    "DS",
    "ENTITY",
    "SAML",
    "SAMLP",
    "Refused",
    "Window",
    "check_issuer",
    "element_text",
    "instant_attribute",
    "malformed",
    "only_child",
    "required_attribute",
]

SAMLP: Final = "{urn:oasis:names:tc:SAML:2.0:protocol}"
SAML: Final = "{urn:oasis:names:tc:SAML:2.0:assertion}"
DS: Final = "{http://www.w3.org/2000/09/xmldsig#}"
ENTITY: Final = "urn:oasis:names:tc:SAML:2.0:nameid-format:entity"
_INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")


class Refused(Exception):
    """A check failed; ``failure`` says why."""

    def __init__(self, failure: f.SamlFailure) -> None:
        super().__init__(failure.code)
        self.failure = failure


def malformed(reason: str) -> Refused:
    """The refusal of a response that breaks the SAML or SPID format, saying where."""
    return Refused(f.MalformedResponse(reason=reason))


def required_attribute(element: Element, name: str, where: str) -> str:
    """The XML attribute ``name`` of ``element``, stripped; refused when missing or blank."""
    value = element.get(name)
    if value is None or not value.strip():
        raise malformed(f"{where}/@{name} is missing or empty")
    return value.strip()


def only_child(element: Element, tag: str, where: str) -> Element:
    """The one child ``tag`` of ``element``: none or several are refused."""
    found = element.findall(tag)
    if len(found) != 1:
        raise malformed(f"{where} needs exactly one {tag.rsplit('}', 1)[-1]}")
    return found[0]


def element_text(element: Element, where: str) -> str:
    """The text of ``element``, stripped; refused when empty."""
    text = (element.text or "").strip()
    if not text:
        raise malformed(f"{where} is empty")
    return text


def instant_attribute(element: Element, name: str, where: str) -> dt.datetime:
    """The XML attribute ``name`` as an instant: a UTC ``xs:dateTime`` ending in ``Z``."""
    value = required_attribute(element, name, where)
    if not _INSTANT.match(value):
        raise malformed(f"{where}/@{name} is not a UTC xs:dateTime")
    head, _, fraction = value[:-1].partition(".")
    try:
        parsed = dt.datetime.fromisoformat(head).replace(tzinfo=dt.UTC)
    except ValueError as exc:
        raise malformed(f"{where}/@{name} is not a valid instant") from exc
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


def check_issuer(parent: Element, where: str, expected: str, *, format_required: bool) -> None:
    """The one ``Issuer`` of ``parent``: ``expected``, in the entity format when it has one."""
    issuer = only_child(parent, f"{SAML}Issuer", where)
    value = element_text(issuer, f"{where}/Issuer")
    if value != expected:
        raise Refused(f.WrongIssuer(element=where))
    form = issuer.get("Format")
    if form is None and format_required:
        raise malformed(f"{where}/Issuer/@Format is missing")
    if form is not None and form != ENTITY:
        raise malformed(f"{where}/Issuer/@Format is not {ENTITY}")
