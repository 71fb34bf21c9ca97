"""Certificate revocation lists for the client-certificate login (CNS, CIE).

:class:`CrlSource` is the port: given an issuing CA, it hands back every CRL it holds
of that CA. :class:`FileCrlSource` holds CRLs loaded from PEM or DER files (a cron job
downloads them from the CAs' distribution points; :meth:`FileCrlSource.reload` picks up
the new files). :func:`check_revocation` decides one certificate's status: it keeps the
CRLs signed by the issuer, chooses by scope the complete CRL that covers the
certificate and the delta CRL that applies to it
(:mod:`~formlavoro_adapters.identity.crl_scope`), then checks their dates.

What to do when no current CRL covers the certificate is a :class:`RevocationPolicy`:
refuse the login (the default, fail closed) or accept it.

>>> [policy.value for policy in RevocationPolicy]
['refuse', 'accept']
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
import os
import pathlib
from collections.abc import Iterable, Sequence
from typing import Final, Protocol

import attrs
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa

from formlavoro_adapters.identity.crl_scope import CrlView, view_for
from formlavoro_adapters.logs import one_line
from formlavoro_core.errors import ConfigurationError

_log = logging.getLogger("formlavoro.adapters.identity.crl")

__all__ = [
    "CRL_CLOCK_SKEW",
    "UNKNOWN_STATUSES",
    "CrlSource",
    "FileCrlSource",
    "RevocationCheck",
    "RevocationPolicy",
    "RevocationStatus",
    "check_revocation",
    "load_crls",
]

_PEM_MARKER = b"-----BEGIN X509 CRL-----"
_SIGNING_KEYS = (
    rsa.RSAPublicKey,
    ec.EllipticCurvePublicKey,
    dsa.DSAPublicKey,
    ed25519.Ed25519PublicKey,
    ed448.Ed448PublicKey,
)


class CrlSource(Protocol):
    """Where the login finds the revocation lists of a certificate authority."""

    def crls_for(self, issuer: x509.Certificate) -> Sequence[x509.CertificateRevocationList]:
        """Every CRL the source holds that names ``issuer`` as its issuer, in any order.

        Complete, delta and partitioned CRLs alike: :func:`check_revocation` checks each
        one's signature against ``issuer``, picks those whose scope covers the
        certificate and checks their dates, so a source may hand back stale, forged or
        foreign-scope CRLs too. An unknown issuer gives an empty sequence, never an
        exception.
        """
        ...


class RevocationPolicy(enum.Enum):
    """What a login does when no current CRL covers a certificate of the chain.

    ``REFUSE_UNKNOWN`` (the default) fails closed: no CRL, none whose scope covers the
    certificate, one past its ``next_update`` or one issued in the future refuses the
    login. ``ACCEPT_UNKNOWN`` lets it through. Either way a CRL that lists the serial
    number refuses it, and CRLs none of which is signed by the issuer refuse it too
    (the source is broken or tampered with).
    """

    REFUSE_UNKNOWN = "refuse"
    ACCEPT_UNKNOWN = "accept"


class RevocationStatus(enum.Enum):
    """The outcome of :func:`check_revocation` for one certificate."""

    GOOD = "good"
    REVOKED = "revoked"
    NO_CRL = "no_crl"
    """The source holds no CRL of the issuer."""
    NOT_COVERED = "crl_not_covering"
    """No complete CRL of the issuer covers the certificate (another partition, only CA
    or only end-entity certificates, only some reasons, an indirect or delta CRL alone,
    an unsupported critical extension)."""
    CRL_EXPIRED = "crl_expired"
    CRL_NOT_YET_VALID = "crl_not_yet_valid"
    """The newest covering CRL was issued later than now plus :data:`CRL_CLOCK_SKEW`."""
    CRL_NOT_AUTHENTIC = "crl_not_authentic"


UNKNOWN_STATUSES: Final = frozenset(RevocationStatus) - {
    RevocationStatus.GOOD,
    RevocationStatus.REVOKED,
}
"""The statuses that say the certificate's revocation cannot be known now."""

CRL_CLOCK_SKEW: Final = dt.timedelta(minutes=5)
"""How far in the future a CRL's ``thisUpdate`` may be and still be used.

A certificate authority's clock and ours never agree to the second; beyond five minutes a
CRL "from the future" says that one of the two clocks is wrong, and it is refused.
"""


@attrs.frozen(kw_only=True)
class RevocationCheck:
    """A certificate's revocation status, with the revocation time when revoked."""

    status: RevocationStatus
    revoked_at: dt.datetime | None = None


def check_revocation(
    certificate: x509.Certificate,
    issuer: x509.Certificate,
    source: CrlSource,
    *,
    now: dt.datetime,
    skew: dt.timedelta = CRL_CLOCK_SKEW,
) -> RevocationCheck:
    """Look ``certificate`` up in the CRLs of ``issuer`` as they stand at ``now``.

    Only CRLs that name ``issuer`` and carry its signature are used; when there are
    CRLs but none of them is signed by the issuer, the status is ``CRL_NOT_AUTHENTIC``.
    Among the authentic ones, the newest complete CRL whose scope covers the
    certificate is read, with the newest delta CRL based on it applied on top
    (:mod:`~formlavoro_adapters.identity.crl_scope`, RFC 5280 §5.2.4, §5.2.5, §6.3);
    none covering it gives ``NOT_COVERED``. A listed serial number is ``REVOKED`` even
    in a CRL past its ``next_update`` (a revocation is never undone). Otherwise a view
    issued more than ``skew`` after ``now`` is ``CRL_NOT_YET_VALID``, one past its
    ``next_update`` (or without one) ``CRL_EXPIRED``.
    """
    view = _view(certificate, issuer, source)
    if isinstance(view, RevocationStatus):
        return RevocationCheck(status=view)
    revoked_at = view.revoked_at(certificate.serial_number)
    if revoked_at is not None:
        return RevocationCheck(status=RevocationStatus.REVOKED, revoked_at=revoked_at)
    if view.issued_at > now + skew:
        return RevocationCheck(status=RevocationStatus.CRL_NOT_YET_VALID)
    if not view.current_at(now):
        return RevocationCheck(status=RevocationStatus.CRL_EXPIRED)
    return RevocationCheck(status=RevocationStatus.GOOD)


def _view(
    certificate: x509.Certificate, issuer: x509.Certificate, source: CrlSource
) -> CrlView | RevocationStatus:
    """The authentic CRLs covering ``certificate``, or why there are none."""
    named = source.crls_for(issuer)
    if not named:
        return RevocationStatus.NO_CRL
    authentic = [crl for crl in named if _signed_by(crl, issuer)]
    if not authentic:
        return RevocationStatus.CRL_NOT_AUTHENTIC
    return view_for(certificate, authentic) or RevocationStatus.NOT_COVERED


def _signed_by(crl: x509.CertificateRevocationList, issuer: x509.Certificate) -> bool:
    key = issuer.public_key()
    return (
        crl.issuer == issuer.subject
        and isinstance(key, _SIGNING_KEYS)
        and crl.is_signature_valid(key)
    )


def load_crls(data: bytes) -> tuple[x509.CertificateRevocationList, ...]:
    """Parse one DER CRL, or every CRL of a PEM text (one or more blocks).

    Raises:
        ValueError: If ``data`` holds no CRL or a damaged one.

    >>> load_crls(b"not a CRL")
    Traceback (most recent call last):
    ...
    ValueError: ...
    """
    if _PEM_MARKER not in data:
        return (x509.load_der_x509_crl(data),)
    crls: list[x509.CertificateRevocationList] = []
    for block in data.split(_PEM_MARKER)[1:]:
        crls.append(x509.load_pem_x509_crl(_PEM_MARKER + block))
    return tuple(crls)


class FileCrlSource:
    """CRLs held in memory, loaded from files or given as parsed objects.

    For each issuer it answers with every CRL that names it (complete, delta and
    partitioned ones); :func:`check_revocation` checks signatures and picks by scope.

    >>> FileCrlSource.from_files(["/nonexistent/ca.crl"])
    Traceback (most recent call last):
    ...
    formlavoro_core.errors.ConfigurationError: crl_files: cannot read /nonexistent/ca.crl: ...
    """

    def __init__(self, crls: Iterable[x509.CertificateRevocationList]) -> None:
        self._crls = tuple(crls)
        self._paths: tuple[pathlib.Path, ...] = ()

    @classmethod
    def from_files(cls, paths: Iterable[str | os.PathLike[str]]) -> FileCrlSource:
        """Load every CRL from ``paths`` (PEM, possibly several per file, or DER).

        Raises:
            ConfigurationError: If a file cannot be read or holds no valid CRL.
        """
        files = tuple(pathlib.Path(path) for path in paths)
        source = cls(_read_files(files))
        source._paths = files
        return source

    def reload(self) -> None:
        """Read the files again, replacing all CRLs at once (a no-op without files).

        Raises:
            ConfigurationError: If a file cannot be read; the CRLs held stay unchanged.
        """
        if not self._paths:
            return
        try:
            self._crls = _read_files(self._paths)
        except ConfigurationError as error:
            _log.warning("revocation lists not refreshed, the old ones stay: %s", one_line(error))
            raise
        _log.info(
            "revocation lists refreshed: %d from %d file(s)", len(self._crls), len(self._paths)
        )

    def crls_for(self, issuer: x509.Certificate) -> Sequence[x509.CertificateRevocationList]:
        """Every CRL held that names ``issuer``; :func:`check_revocation` chooses."""
        return tuple(crl for crl in self._crls if crl.issuer == issuer.subject)


def _read_files(paths: Iterable[pathlib.Path]) -> tuple[x509.CertificateRevocationList, ...]:
    crls: list[x509.CertificateRevocationList] = []
    for path in paths:
        try:
            crls.extend(load_crls(path.read_bytes()))
        except OSError as error:
            msg = f"crl_files: cannot read {path}: {error.strerror or error}"
            raise ConfigurationError(msg) from error
        except ValueError as error:
            msg = f"crl_files: {path} holds no valid CRL: {error}"
            raise ConfigurationError(msg) from error
    return tuple(crls)
