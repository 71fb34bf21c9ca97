"""Which CRLs speak for a certificate: scope, completeness and delta CRLs (RFC 5280).

A certificate authority may publish, for the same key, several CRLs at once: a complete
CRL, delta CRLs that list only what changed since a base (DeltaCRLIndicator, §5.2.4),
and partitioned CRLs that cover only some of its certificates (IssuingDistributionPoint,
§5.2.5: one distribution point, only CA or only end-entity certificates, only some
revocation reasons). :func:`view_for` picks, among CRLs already known to be authentic,
the newest **complete** CRL whose scope covers the certificate, and the newest delta
CRL that applies on top of it (§6.3.3, §5.2.4). What it does not support, it does not
use, so that an unsupported CRL can only make the check fail closed:

- indirect CRLs (``indirectCRL``, entries of other issuers) and attribute-certificate
  CRLs;
- CRLs partitioned by reason (``onlySomeReasons``), and certificate distribution points
  restricted to some reasons: no single CRL is complete for such a certificate;
- CRLs with a critical extension this module does not understand (§5.2);
- distribution points that name another CRL issuer (``cRLIssuer``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TypeVar

import attrs
from cryptography import x509

__all__ = ["CrlView", "view_for"]

_E = TypeVar("_E", bound=x509.ExtensionType)

_UNDERSTOOD = (
    x509.CRLNumber,
    x509.DeltaCRLIndicator,
    x509.IssuingDistributionPoint,
    x509.AuthorityKeyIdentifier,
    x509.IssuerAlternativeName,
    x509.FreshestCRL,
    x509.AuthorityInformationAccess,
)
"""The CRL extensions read or safely ignored; any other critical one makes a CRL unusable."""


@attrs.frozen
class CrlView:
    """A complete CRL covering one certificate, with a delta CRL applied when one fits."""

    base: x509.CertificateRevocationList
    delta: x509.CertificateRevocationList | None = None

    @property
    def issued_at(self) -> dt.datetime:
        """When the newest part of the view was issued (``thisUpdate``)."""
        return max(crl.last_update_utc for crl in self._parts())

    def revoked_at(self, serial_number: int) -> dt.datetime | None:
        """When ``serial_number`` was revoked, or ``None`` when the view does not list it.

        An entry of the delta CRL wins over the base: ``removeFromCRL`` there means a
        certificate on hold in the base was released (§5.3.1).
        """
        if self.delta is not None:
            entry = self.delta.get_revoked_certificate_by_serial_number(serial_number)
            if entry is not None:
                return None if _released(entry) else entry.revocation_date_utc
        entry = self.base.get_revoked_certificate_by_serial_number(serial_number)
        return None if entry is None else entry.revocation_date_utc

    def current_at(self, now: dt.datetime) -> bool:
        """Whether a part of the view promises to be current at ``now`` (``nextUpdate``)."""
        return any(
            crl.next_update_utc is not None and now <= crl.next_update_utc for crl in self._parts()
        )

    def _parts(self) -> tuple[x509.CertificateRevocationList, ...]:
        return (self.base,) if self.delta is None else (self.base, self.delta)


def view_for(
    certificate: x509.Certificate, crls: Sequence[x509.CertificateRevocationList]
) -> CrlView | None:
    """The newest complete CRL covering ``certificate``, with its newest fitting delta.

    ``crls`` must be authentic CRLs of the certificate's issuer (checked by the caller).
    Returns ``None`` when none of them is a complete CRL whose scope covers the
    certificate: the caller then knows nothing about it.
    """
    covering = [crl for crl in crls if _usable(crl) and _covers(crl, certificate)]
    complete = [crl for crl in covering if _extension(crl, x509.DeltaCRLIndicator) is None]
    if not complete:
        return None
    base = max(complete, key=_order)
    deltas = [crl for crl in covering if _fits(crl, base)]
    return CrlView(base=base, delta=max(deltas, key=_order) if deltas else None)


def _extension(crl: x509.CertificateRevocationList | x509.Certificate, kind: type[_E]) -> _E | None:
    try:
        return crl.extensions.get_extension_for_class(kind).value
    except x509.ExtensionNotFound:
        return None


def _number(crl: x509.CertificateRevocationList) -> int | None:
    number = _extension(crl, x509.CRLNumber)
    return None if number is None else number.crl_number


def _order(crl: x509.CertificateRevocationList) -> tuple[int, dt.datetime]:
    """Newest first by CRLNumber (mandatory for conforming issuers), then by thisUpdate."""
    number = _number(crl)
    return (-1 if number is None else number, crl.last_update_utc)


def _released(entry: x509.RevokedCertificate) -> bool:
    try:
        reason = entry.extensions.get_extension_for_class(x509.CRLReason).value.reason
    except (x509.ExtensionNotFound, ValueError):
        return False
    return reason is x509.ReasonFlags.remove_from_crl


def _usable(crl: x509.CertificateRevocationList) -> bool:
    """Every critical extension understood; not indirect, by reason or for attributes."""
    try:
        extensions = list(crl.extensions)
    except ValueError:  # duplicated or unparsable extensions
        return False
    for extension in extensions:
        if extension.critical and not isinstance(extension.value, _UNDERSTOOD):
            return False
    point = _extension(crl, x509.IssuingDistributionPoint)
    return point is None or not (
        point.indirect_crl
        or point.only_contains_attribute_certs
        or point.only_some_reasons is not None
    )


def _is_ca(certificate: x509.Certificate) -> bool:
    constraints = _extension(certificate, x509.BasicConstraints)
    return constraints is not None and constraints.ca


def _names(
    full_name: Iterable[x509.GeneralName] | None,
    relative_name: x509.RelativeDistinguishedName | None,
    issuer: x509.Name,
) -> frozenset[x509.GeneralName]:
    """A distribution point's names; a relative name is relative to the CRL issuer."""
    if full_name is not None:
        return frozenset(full_name)
    if relative_name is not None:
        return frozenset({x509.DirectoryName(x509.Name([*issuer.rdns, relative_name]))})
    return frozenset()


def _covers(crl: x509.CertificateRevocationList, certificate: x509.Certificate) -> bool:
    """Whether the CRL's IssuingDistributionPoint takes ``certificate`` in (§6.3.3 b)."""
    point = _extension(crl, x509.IssuingDistributionPoint)
    if point is None:
        return True  # a CRL for every certificate of its issuer
    is_ca = _is_ca(certificate)
    if (point.only_contains_user_certs and is_ca) or (point.only_contains_ca_certs and not is_ca):
        return False
    crl_names = _names(point.full_name, point.relative_name, crl.issuer)
    if not crl_names:
        return True  # restricted by kind of certificate only
    try:
        points = _extension(certificate, x509.CRLDistributionPoints) or ()
    except ValueError:
        return False
    return any(
        crl_names & _names(dp.full_name, dp.relative_name, certificate.issuer)
        for dp in points
        if dp.crl_issuer is None and dp.reasons is None
    )


def _fits(delta: x509.CertificateRevocationList, base: x509.CertificateRevocationList) -> bool:
    """A delta CRL of the base's scope, based on it or older, and newer than it (§5.2.4)."""
    indicator = _extension(delta, x509.DeltaCRLIndicator)
    base_number = _number(base)
    delta_number = _number(delta)
    return (
        indicator is not None
        and base_number is not None
        and delta_number is not None
        and indicator.crl_number <= base_number < delta_number
        and _extension(delta, x509.IssuingDistributionPoint)
        == _extension(base, x509.IssuingDistributionPoint)
    )
