"""The client certificate as a reverse proxy forwards it: header names and values.

nginx forwards the leaf as URL-encoded PEM (``$ssl_client_escaped_cert``); Apache as PEM
on one line (``%{SSL_CLIENT_CERT}s``), with the chain in further headers
(``SSL_CLIENT_CERT_CHAIN_n``). :func:`read_forwarded_certificates` reads any of them.

>>> read_forwarded_certificates("(null)").failure().code
'identity.certificate.missing'
>>> read_forwarded_certificates("-----BEGIN%20CERTIFICATE-----%0Ax%0A").failure().code
'identity.certificate.malformed'
"""

from __future__ import annotations

import binascii
import re
from collections.abc import Iterable
from typing import Final
from urllib.parse import unquote

import attrs
from cryptography import x509
from returns.result import Failure, Result, Success

from formlavoro_adapters.identity.certificate_failures import (
    CertificateLoginFailure,
    CertificateMalformed,
    CertificateMissing,
)

__all__ = [
    "DEFAULT_HEADERS",
    "MAX_CERTIFICATES",
    "HeaderNames",
    "absent",
    "parse_forwarded",
    "read_forwarded_certificates",
]

_PEM: Final = re.compile(r"-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", re.S)
_ABSENT: Final = frozenset({"", "(null)"})
_MAX_HEADER: Final = 64 * 1024
MAX_CERTIFICATES: Final = 10
"""The most certificates read from the headers of one request, leaf included."""


@attrs.frozen(kw_only=True)
class HeaderNames:
    """The request headers the proxy sets (:meth:`ClientCertificateLogin.authenticate_headers`).

    ``chain_prefix`` followed by 0, 1, ... names the chain headers (Apache
    ``SSL_CLIENT_CERT_CHAIN_n``); nginx forwards no chain.
    """

    certificate: str = "X-SSL-Client-Cert"
    verify: str = "X-SSL-Client-Verify"
    chain_prefix: str = "X-SSL-Client-Chain-"


DEFAULT_HEADERS: Final = HeaderNames()


def absent(value: str | None) -> bool:
    """Whether a header value means "no certificate": missing, empty or ``(null)``."""
    return value is None or unquote(value).strip() in _ABSENT


def parse_forwarded(
    value: str | None, chain: Iterable[str | None]
) -> list[x509.Certificate] | CertificateLoginFailure:
    """The certificates of the header values, leaf first, or the refusal."""
    if absent(value):
        return CertificateMissing()
    certificates: list[x509.Certificate] = []
    for part in (value, *chain):
        if part is None or absent(part):
            continue
        if len(part) > _MAX_HEADER:
            return CertificateMalformed(reason="too_long")
        bodies = _PEM.findall(unquote(part))
        if not bodies:
            return CertificateMalformed(reason="no_pem")
        if len(certificates) + len(bodies) > MAX_CERTIFICATES:
            return CertificateMalformed(reason="too_many")
        for body in bodies:
            try:
                der = binascii.a2b_base64("".join(body.split()), strict_mode=True)
                certificates.append(x509.load_der_x509_certificate(der))
            except (binascii.Error, ValueError):
                return CertificateMalformed(reason="bad_encoding")
    return certificates


def read_forwarded_certificates(
    value: str | None, chain: Iterable[str | None] = ()
) -> Result[tuple[x509.Certificate, ...], CertificateLoginFailure]:
    """Read the certificates a proxy forwarded: the leaf first, then the chain.

    Each value is PEM, URL-encoded (nginx ``$ssl_client_escaped_cert``) or plain, with
    line breaks or with spaces in their place (Apache ``%{SSL_CLIENT_CERT}s``); one value
    may hold several certificates. Empty and ``(null)`` chain values are skipped.

    Args:
        value: The leaf's header value; empty, ``(null)`` or ``None`` means no certificate.
        chain: Further header values with the chain (``SSL_CLIENT_CERT_CHAIN_n``).

    Returns:
        The certificates, or ``identity.certificate.missing`` / ``.malformed``.

    >>> read_forwarded_certificates("").failure().code
    'identity.certificate.missing'
    """
    parsed = parse_forwarded(value, chain)
    if isinstance(parsed, CertificateLoginFailure):
        return Failure(parsed)
    return Success(tuple(parsed))
