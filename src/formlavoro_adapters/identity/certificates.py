"""Login with a TLS client certificate forwarded by a reverse proxy (CNS, CIE; ID-2, ID-6).

The proxy (nginx, Apache) asks the browser for a client certificate, checks it and
forwards two headers: the certificate as URL-encoded PEM and the verify result.
:class:`ClientCertificateLogin` believes those headers only from the configured proxy
addresses, verifies the chain again against its own CA bundle at the clock's time
(validity, key usage, certificate policy, revocation through a
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

import binascii
import datetime as dt
import ipaddress
import itertools
import os
import pathlib
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Final, TypeVar
from urllib.parse import unquote

import attrs
from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.x509.oid import NameOID
from cryptography.x509.verification import (
    Criticality,
    ExtensionPolicy,
    PolicyBuilder,
    Store,
    VerificationError,
)
from returns.result import Failure, Result, Success

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
    UntrustedProxy,
    UntrustedRoot,
    WrongPolicy,
)
from formlavoro_adapters.identity.crl import (
    CrlSource,
    RevocationPolicy,
    RevocationStatus,
    check_revocation,
)
from formlavoro_core.errors import ConfigurationError
from formlavoro_core.identity.assertion import MAX_NAME, IdentityAssertion
from formlavoro_core.identity.fiscal_code import FiscalCode, FiscalCodeError
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
    "UntrustedProxy",
    "UntrustedRoot",
    "WrongPolicy",
    "read_forwarded_certificates",
]

_PEM: Final = re.compile(r"-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", re.S)
_ABSENT: Final = frozenset({"", "(null)"})
_MAX_HEADER: Final = 64 * 1024
_MAX_CERTIFICATES: Final = 10
_FISCAL_CODE_PREFIXES: Final = ("TINIT-", "IT:")
_E = TypeVar("_E", bound=x509.ExtensionType)


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


@attrs.frozen(kw_only=True)
class _Leaf:
    """What the checks need from the leaf, read once (reading may fail on bad DER)."""

    subject: str
    issuer: str
    digital_signature: bool
    policies: tuple[str, ...]
    common_names: tuple[str, ...]
    serial_numbers: tuple[str, ...]
    given_names: tuple[str, ...]
    surnames: tuple[str, ...]


def _absent(value: str | None) -> bool:
    return value is None or unquote(value).strip() in _ABSENT


def _parse(
    value: str | None, chain: Iterable[str | None]
) -> list[x509.Certificate] | CertificateLoginFailure:
    """The certificates of the header values, leaf first, or the refusal."""
    if _absent(value):
        return CertificateMissing()
    certificates: list[x509.Certificate] = []
    for part in (value, *chain):
        if part is None or _absent(part):
            continue
        if len(part) > _MAX_HEADER:
            return CertificateMalformed(reason="the header is too long")
        bodies = _PEM.findall(unquote(part))
        if not bodies:
            return CertificateMalformed(reason="no PEM certificate in the header")
        if len(certificates) + len(bodies) > _MAX_CERTIFICATES:
            return CertificateMalformed(reason="too many certificates")
        for body in bodies:
            try:
                der = binascii.a2b_base64("".join(body.split()), strict_mode=True)
                certificates.append(x509.load_der_x509_certificate(der))
            except (binascii.Error, ValueError):
                return CertificateMalformed(reason="damaged PEM or DER encoding")
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
    parsed = _parse(value, chain)
    if isinstance(parsed, CertificateLoginFailure):
        return Failure(parsed)
    return Success(tuple(parsed))


def _extension(certificate: x509.Certificate, kind: type[_E]) -> _E | None:
    try:
        return certificate.extensions.get_extension_for_class(kind).value
    except x509.ExtensionNotFound:
        return None


def _texts(name: x509.Name, oid: x509.ObjectIdentifier) -> tuple[str, ...]:
    values = (attribute.value for attribute in name.get_attributes_for_oid(oid))
    return tuple(v if isinstance(v, str) else v.decode("utf-8", "replace") for v in values)


def _read_leaf(leaf: x509.Certificate) -> _Leaf | CertificateMalformed:
    try:
        usage = _extension(leaf, x509.KeyUsage)
        policies = _extension(leaf, x509.CertificatePolicies) or ()
        return _Leaf(
            subject=leaf.subject.rfc4514_string(),
            issuer=leaf.issuer.rfc4514_string(),
            digital_signature=usage is not None and usage.digital_signature,
            policies=tuple(p.policy_identifier.dotted_string for p in policies),
            common_names=_texts(leaf.subject, NameOID.COMMON_NAME),
            serial_numbers=_texts(leaf.subject, NameOID.SERIAL_NUMBER),
            given_names=_texts(leaf.subject, NameOID.GIVEN_NAME),
            surnames=_texts(leaf.subject, NameOID.SURNAME),
        )
    except ValueError as error:
        return CertificateMalformed(reason=f"unreadable certificate fields ({error})")


def _identity(leaf: _Leaf, method: LoginMethod) -> IdentityAssertion | CertificateLoginFailure:
    if len(leaf.common_names) != 1:
        return FiscalCodeRejected(reason="absent", value=" | ".join(leaf.common_names))
    raw = leaf.common_names[0].split("/", 1)[0]
    try:
        code = FiscalCode.parse(raw)
    except FiscalCodeError:
        return FiscalCodeRejected(reason="invalid", value=raw)
    for serial in leaf.serial_numbers:
        claimed = serial.strip().upper()
        for prefix in _FISCAL_CODE_PREFIXES:
            claimed = claimed.removeprefix(prefix)
        if claimed.strip() != code.value:
            return FiscalCodeRejected(reason="mismatch", value=serial)
    given = leaf.given_names[0].strip() if leaf.given_names else ""
    family = leaf.surnames[0].strip() if leaf.surnames else ""
    unusable = tuple(
        attribute
        for attribute, text in (("givenName", given), ("surname", family))
        if not 0 < len(text) <= MAX_NAME
    )
    if unusable:
        return NamesMissing(attributes=unusable)
    return IdentityAssertion(
        method=method, fiscal_code=code, given_name=given, family_name=family, issuer=leaf.issuer
    )


def _issued(child: x509.Certificate, parent: x509.Certificate) -> bool:
    try:
        child.verify_directly_issued_by(parent)
    except (ValueError, TypeError, InvalidSignature, UnsupportedAlgorithm):
        return False
    return True


def _load_bundle(bundle: str | bytes | os.PathLike[str]) -> list[x509.Certificate]:
    if isinstance(bundle, bytes):
        data = bundle
    elif isinstance(bundle, str) and "-----BEGIN" in bundle:
        data = bundle.encode()
    else:
        try:
            data = pathlib.Path(bundle).read_bytes()
        except OSError as error:
            msg = f"ca_bundle: cannot read {bundle}: {error.strerror or error}"
            raise ConfigurationError(msg) from error
    try:
        return x509.load_pem_x509_certificates(data)
    except ValueError as error:
        msg = f"ca_bundle: no valid PEM certificate ({error})"
        raise ConfigurationError(msg) from error


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


def _extension_policies() -> tuple[ExtensionPolicy, ExtensionPolicy]:
    """The web-PKI extension rules, relaxed where smart-card profiles differ.

    CNS leaves carry no SubjectAltName; certificate policies may be critical; a leaf
    may lack the authority key identifier, and a CA may mark basicConstraints
    non-critical (the verifier still demands ``cA`` on every CA).
    """
    agnostic = Criticality.AGNOSTIC
    ca_policy = (
        ExtensionPolicy.webpki_defaults_ca()
        .may_be_present(x509.CertificatePolicies, agnostic, None)
        .require_present(x509.BasicConstraints, agnostic, None)
    )
    ee_policy = (
        ExtensionPolicy.webpki_defaults_ee()
        .may_be_present(x509.SubjectAlternativeName, agnostic, None)
        .may_be_present(x509.CertificatePolicies, agnostic, None)
        .may_be_present(x509.AuthorityKeyIdentifier, agnostic, None)
    )
    return ca_policy, ee_policy


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
        bundle = _load_bundle(ca_bundle)
        self._anchors = [certificate for certificate in bundle if _issued(certificate, certificate)]
        self._intermediates = [c for c in bundle if c not in self._anchors]
        if not self._anchors:
            msg = "ca_bundle: holds no self-signed root certificate"
            raise ConfigurationError(msg)
        self._proxies = _networks(trusted_proxies)
        if not policies:
            msg = "policies: accept at least one certificate policy"
            raise ConfigurationError(msg)
        self._policies = tuple(policies)
        self._crls = crl_source
        self._clock = clock
        self._revocation = revocation
        self._headers = headers
        ca_policy, ee_policy = _extension_policies()
        self._builder = (
            PolicyBuilder()
            .store(Store(self._anchors))
            .extension_policies(ca_policy=ca_policy, ee_policy=ee_policy)
        )

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
            the first refusal found, in the order of the failure classes above.
        """
        if not self._from_trusted_proxy(peer):
            return Failure(UntrustedProxy(peer=peer))
        verdict = (verify_result or "").strip()
        if verdict in {"", "NONE"} and _absent(certificate):
            return Failure(CertificateMissing())
        if verdict != "SUCCESS":
            return Failure(ProxyRejected(verify_result=verdict))
        certificates = _parse(certificate, chain)
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
        chain = [lowered.get(f"{prefix}{index}") for index in range(_MAX_CERTIFICATES)]
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
        leaf = _read_leaf(certificates[0])
        if isinstance(leaf, CertificateLoginFailure):
            return leaf
        chain = self._verify_chain(certificates[0], certificates[1:], now)
        if isinstance(chain, CertificateLoginFailure):
            return chain
        if not leaf.digital_signature:
            return KeyUsageMissing(subject=leaf.subject)
        method = next((p.method for p in self._policies if p.oid in leaf.policies), None)
        if method is None:
            accepted = tuple(policy.oid for policy in self._policies)
            return WrongPolicy(found=leaf.policies, accepted=accepted)
        refusal = self._revocation_refusal(chain, now)
        return refusal or _identity(leaf, method)

    def _verify_chain(
        self, leaf: x509.Certificate, presented: list[x509.Certificate], now: dt.datetime
    ) -> list[x509.Certificate] | CertificateLoginFailure:
        pool = [*presented, *self._intermediates]
        try:
            verified = self._builder.time(now).build_client_verifier().verify(leaf, pool)
        except VerificationError as error:
            reason = re.sub(r"\s*\(encountered processing.*", "", str(error), flags=re.S)
            return self._diagnose(leaf, pool, now) or ChainRejected(reason=reason)
        return verified.chain

    def _diagnose(
        self, leaf: x509.Certificate, pool: list[x509.Certificate], now: dt.datetime
    ) -> CertificateLoginFailure | None:
        """Name why path validation failed: a missing or untrusted issuer, or a date."""
        candidates = [*pool, *self._anchors]
        path = [leaf]
        while path[-1] not in self._anchors and len(path) <= _MAX_CERTIFICATES:
            current = path[-1]
            issuer = next((c for c in candidates if c not in path and _issued(current, c)), None)
            if issuer is None:
                issuer_name = current.issuer.rfc4514_string()
                known = [*self._anchors, *self._intermediates]
                known_name = any(ca.subject == current.issuer for ca in known)
                if known_name or _issued(current, current):
                    return UntrustedRoot(root=issuer_name)
                return IncompleteChain(missing_issuer=issuer_name)
            path.append(issuer)
        for certificate in path:
            not_before, not_after = (
                certificate.not_valid_before_utc,
                certificate.not_valid_after_utc,
            )
            if not not_before <= now <= not_after:
                return CertificateExpired(
                    subject=certificate.subject.rfc4514_string(),
                    not_before=not_before,
                    not_after=not_after,
                    checked_at=now,
                )
        return None

    def _revocation_refusal(
        self, chain: list[x509.Certificate], now: dt.datetime
    ) -> CertificateLoginFailure | None:
        """Check every certificate but the anchor against its issuer's CRL."""
        for certificate, issuer in itertools.pairwise(chain):
            check = check_revocation(certificate, issuer, self._crls, now=now)
            subject = certificate.subject.rfc4514_string()
            if check.status is RevocationStatus.REVOKED and check.revoked_at is not None:
                serial = f"{certificate.serial_number:X}"
                return CertificateRevoked(
                    subject=subject, serial_number=serial, revoked_at=check.revoked_at
                )
            unknown = check.status in {RevocationStatus.NO_CRL, RevocationStatus.CRL_EXPIRED}
            refused = self._revocation is RevocationPolicy.REFUSE_UNKNOWN
            if check.status is RevocationStatus.CRL_NOT_AUTHENTIC or (unknown and refused):
                return RevocationUnknown(subject=subject, reason=check.status.value)
        return None
