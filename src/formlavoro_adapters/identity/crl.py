"""Certificate revocation lists for the client-certificate login (CNS, CIE).

:class:`CrlSource` is the port: given an issuing CA, it hands back that CA's current CRL
or ``None``. :class:`FileCrlSource` holds CRLs loaded from PEM or DER files (a cron job
downloads them from the CAs' distribution points; :meth:`FileCrlSource.reload` picks up
the new files). :func:`check_revocation` decides one certificate's status against the
CRL of its issuer, checking the CRL's signature and freshness first.

What to do when no current CRL is available is a :class:`RevocationPolicy`: refuse the
login (the default, fail closed) or accept it.

>>> [policy.value for policy in RevocationPolicy]
['refuse', 'accept']
"""

from __future__ import annotations

import datetime as dt
import enum
import os
import pathlib
from collections.abc import Iterable
from typing import Protocol

import attrs
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa

from formlavoro_core.errors import ConfigurationError

__all__ = [
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
    """Where the login finds the revocation list of a certificate authority."""

    def crl_for(self, issuer: x509.Certificate) -> x509.CertificateRevocationList | None:
        """Return the newest CRL that ``issuer`` published, or ``None`` when unknown.

        The caller checks the CRL's signature against ``issuer`` and its ``next_update``
        against the current time: a source may return a stale or forged CRL, which is
        then reported as ``identity.certificate.revocation_unknown``. Never raises for an
        unknown issuer.
        """
        ...


class RevocationPolicy(enum.Enum):
    """What a login does when no current CRL covers a certificate of the chain.

    ``REFUSE_UNKNOWN`` (the default) fails closed: no CRL, or one past its
    ``next_update``, refuses the login. ``ACCEPT_UNKNOWN`` lets it through. Either way a
    CRL that lists the serial number refuses it, and a CRL not signed by the issuer
    refuses it too (the source is broken or tampered with).
    """

    REFUSE_UNKNOWN = "refuse"
    ACCEPT_UNKNOWN = "accept"


class RevocationStatus(enum.Enum):
    """The outcome of :func:`check_revocation` for one certificate."""

    GOOD = "good"
    REVOKED = "revoked"
    NO_CRL = "no_crl"
    CRL_EXPIRED = "crl_expired"
    CRL_NOT_AUTHENTIC = "crl_not_authentic"


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
) -> RevocationCheck:
    """Look ``certificate`` up in the CRL of ``issuer`` as it stands at ``now``.

    The CRL must name ``issuer`` and carry its signature, otherwise the status is
    ``CRL_NOT_AUTHENTIC``. A listed serial number is ``REVOKED`` even in a CRL past its
    ``next_update`` (a revocation is never undone); otherwise such a CRL, or one without
    ``next_update``, gives ``CRL_EXPIRED``. Only complete CRLs are understood: delta
    CRLs and partitioned CRLs are not merged.
    """
    crl = source.crl_for(issuer)
    if crl is None:
        return RevocationCheck(status=RevocationStatus.NO_CRL)
    if not _signed_by(crl, issuer):
        return RevocationCheck(status=RevocationStatus.CRL_NOT_AUTHENTIC)
    entry = crl.get_revoked_certificate_by_serial_number(certificate.serial_number)
    if entry is not None:
        return RevocationCheck(
            status=RevocationStatus.REVOKED, revoked_at=entry.revocation_date_utc
        )
    next_update = crl.next_update_utc
    if next_update is None or next_update < now:
        return RevocationCheck(status=RevocationStatus.CRL_EXPIRED)
    return RevocationCheck(status=RevocationStatus.GOOD)


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

    For each issuer it answers with the CRL signed by that issuer's key and issued last
    (``last_update``); a CRL that only names the issuer is returned when no signed one
    exists, so the check reports it as not authentic.

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
        if self._paths:
            self._crls = _read_files(self._paths)

    def crl_for(self, issuer: x509.Certificate) -> x509.CertificateRevocationList | None:
        """Return the newest CRL of ``issuer``, preferring those it signed, or ``None``."""
        named = [crl for crl in self._crls if crl.issuer == issuer.subject]
        signed = [crl for crl in named if _signed_by(crl, issuer)]
        candidates = signed or named
        if not candidates:
            return None
        return max(candidates, key=lambda crl: crl.last_update_utc)


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
