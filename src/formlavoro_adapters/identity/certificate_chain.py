"""Path validation of a card's certificate against the portal's CA bundle.

:class:`ChainVerifier` runs ``cryptography``'s path validator with the web-PKI rules
relaxed where smart-card profiles differ, and, when validation fails, names why: a
missing or untrusted authority (by its key identifier), a certificate out of its
validity (by its depth in the chain) or a kind of problem from a closed vocabulary.
The validator's own text names subjects, so it never leaves this module (SEC-5).
"""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import re
from typing import Final

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.x509.verification import (
    Criticality,
    ExtensionPolicy,
    PolicyBuilder,
    Store,
    VerificationError,
)

from formlavoro_adapters.identity.certificate_failures import (
    CertificateExpired,
    CertificateLoginFailure,
    ChainRejected,
    IncompleteChain,
    UntrustedRoot,
)
from formlavoro_adapters.identity.certificate_leaf import extension
from formlavoro_adapters.identity.forwarded_certificates import MAX_CERTIFICATES
from formlavoro_core.errors import ConfigurationError

__all__ = ["ChainVerifier"]

_CHAIN_PROBLEMS: Final = (
    (re.compile(r"\bEKU\b|extended key usage", re.I), "extended_key_usage"),
    (re.compile(r"basicConstraints|\bCA\b|path length|pathLen", re.I), "ca_constraints"),
    (re.compile(r"name constraint", re.I), "name_constraints"),
    (re.compile(r"signature|algorithm|\bkey\b", re.I), "signature_or_key"),
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


class ChainVerifier:
    """Validates chains up to the self-signed certificates of a CA bundle.

    The bundle's self-signed certificates are the trust anchors; its other certificates
    complete chains (nginx forwards only the leaf, so the intermediates go there).

    Raises:
        ConfigurationError: If the bundle cannot be read or holds no root.
    """

    def __init__(self, bundle: str | bytes | os.PathLike[str]) -> None:
        certificates = _load_bundle(bundle)
        self._anchors = [c for c in certificates if _issued(c, c)]
        self._intermediates = [c for c in certificates if c not in self._anchors]
        if not self._anchors:
            msg = "ca_bundle: holds no self-signed root certificate"
            raise ConfigurationError(msg)
        ca_policy, ee_policy = _extension_policies()
        self._builder = (
            PolicyBuilder()
            .store(Store(self._anchors))
            .extension_policies(ca_policy=ca_policy, ee_policy=ee_policy)
        )

    def verify(
        self, leaf: x509.Certificate, presented: list[x509.Certificate], now: dt.datetime
    ) -> list[x509.Certificate] | CertificateLoginFailure:
        """The verified chain from ``leaf`` to an anchor at ``now``, or why there is none.

        ``presented`` are the certificates the proxy forwarded after the leaf; the
        bundle's intermediates are added to them.
        """
        pool = [*presented, *self._intermediates]
        try:
            verified = self._builder.time(now).build_client_verifier().verify(leaf, pool)
        except VerificationError as error:
            return self._diagnose(leaf, pool, now) or ChainRejected(problem=_chain_problem(error))
        return verified.chain

    def _diagnose(
        self, leaf: x509.Certificate, pool: list[x509.Certificate], now: dt.datetime
    ) -> CertificateLoginFailure | None:
        """Name why path validation failed: a missing or untrusted issuer, or a date."""
        candidates = [*pool, *self._anchors]
        path = [leaf]
        while path[-1] not in self._anchors and len(path) <= MAX_CERTIFICATES:
            current = path[-1]
            issuer = next((c for c in candidates if c not in path and _issued(current, c)), None)
            if issuer is None:
                known = [*self._anchors, *self._intermediates]
                known_name = any(ca.subject == current.issuer for ca in known)
                if known_name or _issued(current, current):
                    return UntrustedRoot(key_id=_authority_key_id(current))
                return IncompleteChain(key_id=_authority_key_id(current))
            path.append(issuer)
        for depth, certificate in enumerate(path):
            not_before, not_after = (
                certificate.not_valid_before_utc,
                certificate.not_valid_after_utc,
            )
            if not not_before <= now <= not_after:
                return CertificateExpired(
                    depth=depth, not_before=not_before, not_after=not_after, checked_at=now
                )
        return None


def _chain_problem(error: VerificationError) -> str:
    """The kind of problem the validator reports; its text names subjects, so it stays here."""
    text = re.sub(r"\s*\(encountered processing.*", "", str(error), flags=re.S)
    return next((problem for pattern, problem in _CHAIN_PROBLEMS if pattern.search(text)), "other")


def _authority_key_id(certificate: x509.Certificate) -> str:
    """The key identifier naming the certificate's issuer, in upper-case hexadecimal."""
    try:
        authority = extension(certificate, x509.AuthorityKeyIdentifier)
    except ValueError:
        return ""
    if authority is None or authority.key_identifier is None:
        return ""
    return authority.key_identifier.hex().upper()[:128]
