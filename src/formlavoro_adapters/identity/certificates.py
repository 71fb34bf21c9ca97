"""Login with a TLS client certificate forwarded by a reverse proxy (CNS, CIE; ID-2, ID-6).

The proxy (nginx, Apache) asks the browser for a client certificate, checks it and
forwards two headers: the certificate as URL-encoded PEM and the verify result.
:class:`ClientCertificateLogin` believes those headers only from the configured proxy
addresses, verifies the chain again against its own CA bundle at the clock's time
(validity, key strength, key usage, certificate policy, revocation through a
:class:`~formlavoro_adapters.identity.crl.CrlSource`) and reads the fiscal code and the
names from the subject. The certificate policy decides the method: CNS or CIE.

Every refusal is a ``Failure`` holding a :class:`CertificateLoginFailure` with its own
stable code, never an exception:

>>> read_forwarded_certificates("(null)").failure().code
'identity.certificate.missing'
>>> read_forwarded_certificates("-----BEGIN%20CERTIFICATE-----%0Ax%0A").failure().code
'identity.certificate.malformed'
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import itertools
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Final

import attrs
from cryptography import x509
from returns.result import Failure, Result, Success

from formlavoro_adapters.identity.certificate_chain import ChainVerifier
from formlavoro_adapters.identity.certificate_failures import (
    CertificateExpired,
    CertificateLoginFailure,
    CertificateMalformed,
    CertificateMissing,
    CertificateRevoked,
    ChainRejected,
    FiscalCodeRejected,
    IncompleteChain,
    KeyUsageMissing,
    NamesMissing,
    ProxyRejected,
    RevocationUnknown,
    UnsupportedKeyType,
    UntrustedProxy,
    UntrustedRoot,
    WeakEcKey,
    WeakRsaKey,
    WrongPolicy,
)
from formlavoro_adapters.identity.certificate_leaf import (
    identity_of,
    key_refusal,
    read_leaf,
)
from formlavoro_adapters.identity.crl import (
    UNKNOWN_STATUSES,
    CrlSource,
    RevocationPolicy,
    RevocationStatus,
    check_revocation,
)
from formlavoro_adapters.identity.forwarded_certificates import (
    DEFAULT_HEADERS,
    MAX_CERTIFICATES,
    HeaderNames,
    absent,
    parse_forwarded,
    read_forwarded_certificates,
)
from formlavoro_core.errors import ConfigurationError
from formlavoro_core.identity.assertion import IdentityAssertion
from formlavoro_core.identity.methods import LoginMethod
from formlavoro_core.ports import Clock

__all__ = [
    "CIE_POLICY",
    "CNS_POLICY",
    "DEFAULT_HEADERS",
    "AcceptedPolicy",
    "CertificateExpired",
    "CertificateLoginFailure",
    "CertificateMalformed",
    "CertificateMissing",
    "CertificateRevoked",
    "ChainRejected",
    "ClientCertificateLogin",
    "FiscalCodeRejected",
    "HeaderNames",
    "IncompleteChain",
    "KeyUsageMissing",
    "NamesMissing",
    "ProxyRejected",
    "RevocationUnknown",
    "UnsupportedKeyType",
    "UntrustedProxy",
    "UntrustedRoot",
    "WeakEcKey",
    "WeakRsaKey",
    "WrongPolicy",
    "read_forwarded_certificates",
]


def _certificate_method(
    _instance: AcceptedPolicy, _attribute: attrs.Attribute[LoginMethod], value: LoginMethod
) -> None:
    if value not in {LoginMethod.CNS, LoginMethod.CIE}:
        msg = f"a certificate policy proves CNS or CIE, not {value.value}"
        raise ValueError(msg)


@attrs.frozen(kw_only=True)
class AcceptedPolicy:
    """A certificate policy OID the login accepts, and the login method it proves.

    >>> CNS_POLICY.oid, CNS_POLICY.method.value
    ('1.3.76.16.2.1', 'cns')
    """

    oid: str = attrs.field(validator=attrs.validators.matches_re(r"[0-2](\.\d+)+"))
    method: LoginMethod = attrs.field(validator=_certificate_method)


CNS_POLICY: Final = AcceptedPolicy(oid="1.3.76.16.2.1", method=LoginMethod.CNS)
"""The AgID policy of CNS (TS-CNS) authentication certificates."""
CIE_POLICY: Final = AcceptedPolicy(oid="1.3.76.47.4", method=LoginMethod.CIE)
"""The policy of the CIE authentication certificate, when the card is used as a smart card."""


def _networks(
    proxies: Iterable[str],
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    networks = []
    for proxy in proxies:
        try:
            networks.append(ipaddress.ip_network(proxy.strip()))
        except ValueError as error:
            msg = f"trusted_proxies: {proxy!r} is not an IP address or network ({error})"
            raise ConfigurationError(msg) from error
    if not networks:
        msg = "trusted_proxies: name at least one proxy address"
        raise ConfigurationError(msg)
    return tuple(networks)


class ClientCertificateLogin:
    """Turns the client certificate a trusted proxy forwarded into an ``IdentityAssertion``.

    The CA bundle's self-signed certificates are the trust anchors; its other
    certificates complete chains (nginx forwards only the leaf, so put the intermediate
    CAs there). SubjectAltName is not required: CNS certificates have none.

    Args:
        ca_bundle: PEM bytes, PEM text, or the path of a PEM file.
        trusted_proxies: Addresses and networks (``10.0.0.5``, ``10.0.0.0/24``, ``::1``)
            of the proxies whose headers are believed.
        crl_source: Where the CRLs of the issuing authorities come from.
        clock: The current time of every check.
        policies: The accepted certificate policies, in order of preference.
        revocation: What happens without a current CRL; refusal by default.
        headers: The header names read by :meth:`authenticate_headers`.

    Raises:
        ConfigurationError: If the bundle cannot be read or has no root, a proxy address
            is malformed, or no proxy or policy is given.
    """

    def __init__(
        self,
        *,
        ca_bundle: str | bytes | os.PathLike[str],
        trusted_proxies: Iterable[str],
        crl_source: CrlSource,
        clock: Clock,
        policies: Sequence[AcceptedPolicy] = (CNS_POLICY,),
        revocation: RevocationPolicy = RevocationPolicy.REFUSE_UNKNOWN,
        headers: HeaderNames = DEFAULT_HEADERS,
    ) -> None:
        self._chains = ChainVerifier(ca_bundle)
        self._proxies = _networks(trusted_proxies)
        if not policies:
            msg = "policies: accept at least one certificate policy"
            raise ConfigurationError(msg)
        self._policies = tuple(policies)
        self._crls = crl_source
        self._clock = clock
        self._revocation = revocation
        self._headers = headers

    def authenticate(
        self,
        *,
        certificate: str | None,
        verify_result: str | None,
        peer: str,
        chain: Sequence[str | None] = (),
    ) -> Result[IdentityAssertion, CertificateLoginFailure]:
        """Check a forwarded certificate and return the holder's identity.

        Args:
            certificate: The certificate header (see :func:`read_forwarded_certificates`).
            verify_result: The proxy's verdict: ``SUCCESS``, ``FAILED:<reason>``, ``NONE``.
            peer: The address the request came from (the TCP peer, not X-Forwarded-For).
            chain: Chain header values, when the proxy forwards them (Apache).

        Returns:
            The assertion (method from the policy, fiscal code, names, issuing CA), or
            the first refusal found, in the order of ``docs/login-cns.md``.
        """
        if not self._from_trusted_proxy(peer):
            return Failure(UntrustedProxy())
        verdict = (verify_result or "").strip()
        if verdict in {"", "NONE"} and absent(certificate):
            return Failure(CertificateMissing())
        if verdict != "SUCCESS":
            return Failure(ProxyRejected(verdict=_verdict(verdict)))
        certificates = parse_forwarded(certificate, chain)
        if isinstance(certificates, CertificateLoginFailure):
            return Failure(certificates)
        outcome = self._check(certificates, self._clock.now().astimezone(dt.UTC))
        return (
            Failure(outcome) if isinstance(outcome, CertificateLoginFailure) else Success(outcome)
        )

    def authenticate_headers(
        self, headers: Mapping[str, str], *, peer: str
    ) -> Result[IdentityAssertion, CertificateLoginFailure]:
        """Like :meth:`authenticate`, reading the headers named by :class:`HeaderNames`.

        Header names are matched case-insensitively.
        """
        lowered = {name.lower(): value for name, value in headers.items()}
        names = self._headers
        prefix = names.chain_prefix.lower()
        chain = [lowered.get(f"{prefix}{index}") for index in range(MAX_CERTIFICATES)]
        return self.authenticate(
            certificate=lowered.get(names.certificate.lower()),
            verify_result=lowered.get(names.verify.lower()),
            peer=peer,
            chain=chain,
        )

    def _from_trusted_proxy(self, peer: str) -> bool:
        try:
            address = ipaddress.ip_address(peer.strip())
        except ValueError:
            return False
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        return any(address in network for network in self._proxies)

    def _check(
        self, certificates: list[x509.Certificate], now: dt.datetime
    ) -> IdentityAssertion | CertificateLoginFailure:
        leaf = read_leaf(certificates[0])
        if isinstance(leaf, CertificateLoginFailure):
            return leaf
        chain = self._chains.verify(certificates[0], certificates[1:], now)
        if isinstance(chain, CertificateLoginFailure):
            return chain
        weak = key_refusal(leaf.key)
        if weak is not None:
            return weak
        if not leaf.digital_signature:
            return KeyUsageMissing()
        method = next((p.method for p in self._policies if p.oid in leaf.policies), None)
        if method is None:
            accepted = tuple(policy.oid for policy in self._policies)
            return WrongPolicy(found=leaf.policies, accepted=accepted)
        refusal = self._revocation_refusal(chain, now)
        return refusal or identity_of(leaf, method)

    def _revocation_refusal(
        self, chain: list[x509.Certificate], now: dt.datetime
    ) -> CertificateLoginFailure | None:
        """Check every certificate but the anchor against its issuer's CRLs."""
        for depth, (certificate, issuer) in enumerate(itertools.pairwise(chain)):
            check = check_revocation(certificate, issuer, self._crls, now=now)
            if check.status is RevocationStatus.REVOKED and check.revoked_at is not None:
                return CertificateRevoked(
                    depth=depth,
                    serial_number=f"{certificate.serial_number:X}",
                    revoked_at=check.revoked_at,
                )
            refused = self._revocation is RevocationPolicy.REFUSE_UNKNOWN
            if check.status is RevocationStatus.CRL_NOT_AUTHENTIC or (
                check.status in UNKNOWN_STATUSES and refused
            ):
                return RevocationUnknown(depth=depth, reason=check.status)
        return None


def _verdict(verify_result: str) -> str:
    """The proxy's verdict as a word of :class:`ProxyRejected`, without the proxy's text."""
    if verify_result in {"", "NONE"}:
        return "none"
    if verify_result.startswith("FAILED"):
        return "failed"
    return "generous" if verify_result == "GENEROUS" else "other"
