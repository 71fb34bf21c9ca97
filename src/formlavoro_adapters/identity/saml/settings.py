"""Settings of a SAML service provider for SPID or CIE: who we are and what we ask."""

from __future__ import annotations

import datetime as dt
import enum
import pathlib
from typing import Final

import attrs

from formlavoro_core.identity.assertion import AssuranceLevel
from formlavoro_core.identity.methods import LoginMethod

__all__ = [
    "CIE_ATTRIBUTES",
    "LEVEL_URIS",
    "SPID_ATTRIBUTES",
    "Comparison",
    "Contact",
    "ExpiredCertificatePolicy",
    "Organization",
    "SamlProfile",
    "ServiceProviderSettings",
    "level_from_uri",
]

LEVEL_URIS: Final = {
    AssuranceLevel.LOW: "https://www.spid.gov.it/SpidL1",
    AssuranceLevel.SUBSTANTIAL: "https://www.spid.gov.it/SpidL2",
    AssuranceLevel.HIGH: "https://www.spid.gov.it/SpidL3",
}
"""The ``AuthnContextClassRef`` of each level (SPID and CIE use the same)."""

_RANK: Final = {AssuranceLevel.LOW: 1, AssuranceLevel.SUBSTANTIAL: 2, AssuranceLevel.HIGH: 3}

SPID_ATTRIBUTES: Final = ("name", "familyName", "fiscalNumber", "email")
"""What a SPID login asks by default: the data of :class:`IdentityAssertion`."""
CIE_ATTRIBUTES: Final = ("name", "familyName", "dateOfBirth", "fiscalNumber")
"""The eIDAS minimum data set that CIE releases."""


def level_from_uri(uri: str) -> AssuranceLevel | None:
    """The level named by an ``AuthnContextClassRef``, ``None`` for any other value.

    >>> level_from_uri("https://www.spid.gov.it/SpidL2")
    <AssuranceLevel.SUBSTANTIAL: 'L2'>
    """
    for level, known in LEVEL_URIS.items():
        if uri == known:
            return level
    return None


def rank(level: AssuranceLevel) -> int:
    """1, 2 or 3: levels compare by rank."""
    return _RANK[level]


class SamlProfile(enum.Enum):
    """The identity scheme: SPID or CIE (both SAML 2.0, with their own rules)."""

    SPID = "spid"
    CIE = "cie"

    @property
    def method(self) -> LoginMethod:
        """The login method the core records."""
        return LoginMethod.SPID if self is SamlProfile.SPID else LoginMethod.CIE


class Comparison(enum.Enum):
    """``RequestedAuthnContext/@Comparison``: SPID asks ``minimum``; CIE also ``exact``."""

    MINIMUM = "minimum"
    EXACT = "exact"


class ExpiredCertificatePolicy(enum.Enum):
    """What to do with an identity provider whose metadata certificates all expired."""

    REFUSE = "refuse"
    """Refuse logins with it (the default: its metadata is stale)."""
    ACCEPT = "accept"
    """Go on verifying with the expired keys (test identity providers)."""


@attrs.frozen(kw_only=True)
class Organization:
    """The ``Organization`` element of the SP metadata."""

    name: str
    display_name: str
    url: str


@attrs.frozen(kw_only=True)
class Contact:
    """The administration's contact in the metadata (SPID ``other``, CIE ``administrative``)."""

    ipa_code: str
    email: str
    telephone: str | None = None
    municipality: str | None = None
    """ISTAT code of the municipality of the registered office: CIE needs it."""
    province: str | None = None
    country: str = "IT"


def _attributes(profile: SamlProfile) -> tuple[str, ...]:
    return SPID_ATTRIBUTES if profile is SamlProfile.SPID else CIE_ATTRIBUTES


@attrs.frozen(kw_only=True)
class ServiceProviderSettings:
    """Everything a SPID or CIE service provider needs to know about itself.

    ``key_file`` and ``certificate_file`` are the PEM files of the SP signing key and its
    certificate (see :func:`~formlavoro_adapters.identity.saml.certificates.make_sp_certificate`).
    """

    profile: SamlProfile
    entity_id: str
    acs_url: str
    slo_url: str
    key_file: pathlib.Path
    certificate_file: pathlib.Path
    organization: Organization
    contact: Contact
    service_name: str
    requested_attributes: tuple[str, ...] = attrs.field(
        default=attrs.Factory(lambda self: _attributes(self.profile), takes_self=True)
    )
    level: AssuranceLevel = AssuranceLevel.SUBSTANTIAL
    comparison: Comparison = Comparison.MINIMUM
    request_lifetime: dt.timedelta = dt.timedelta(minutes=15)
    """How long a citizen may take at the identity provider."""
    max_response_age: dt.timedelta = dt.timedelta(minutes=5)
    """How old the response and assertion ``IssueInstant`` may be on arrival."""
    clock_skew: dt.timedelta = dt.timedelta(seconds=60)
    """Tolerance between our clock and the identity provider's."""
    expired_idp_certificates: ExpiredCertificatePolicy = ExpiredCertificatePolicy.REFUSE
    xmlsec_binary: str | None = None
    """Path of the ``xmlsec1`` program; found on ``PATH`` when ``None``."""
