"""A small test PKI: root, intermediate and CNS- or CIE-shaped leaves, CRLs, proxy encodings.

EC P-256 keys keep generation fast; the modules that use it build one PKI per module.
CRLs can be built with any scope RFC 5280 knows: a CRL number, a delta CRL's base, an
IssuingDistributionPoint, reasons on entries, extra (critical) extensions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, Protocol
from urllib.parse import quote

import attrs
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.types import CertificatePublicKeyTypes
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from returns.result import Result, Success

from formlavoro_adapters.clock import SettableClock
from formlavoro_adapters.identity.certificates import (
    CNS_POLICY,
    AcceptedPolicy,
    CertificateLoginFailure,
    ClientCertificateLogin,
)
from formlavoro_adapters.identity.crl import FileCrlSource, RevocationPolicy
from formlavoro_core.identity.assertion import IdentityAssertion

NOW = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
FISCAL_CODE = "RSSMRA85T10A562S"
CNS_OID = "1.3.76.16.2.1"
CIE_OID = "1.3.76.47.4"
CNS_COMMON_NAME = f"{FISCAL_CODE}/7420001234567890.abcdefghijklmnopqrstuvwxyz01="
YEAR = dt.timedelta(days=365)
CRL_URL = "http://crl.example.it/cns-{}.crl"


class HasPublicKey(Protocol):
    """Any private key: a leaf needs only its public half (RSA, EC, DSA, Ed25519...)."""

    def public_key(self) -> CertificatePublicKeyTypes: ...


def distribution_point(partition: int) -> x509.DistributionPoint:
    """The distribution point of CRL partition ``partition``, as a certificate names it."""
    uri = x509.UniformResourceIdentifier(CRL_URL.format(partition))
    return x509.DistributionPoint(
        full_name=[uri], relative_name=None, reasons=None, crl_issuer=None
    )


def partition_scope(
    partition: int | None = None,
    *,
    only_user_certs: bool = False,
    only_ca_certs: bool = False,
    only_some_reasons: frozenset[x509.ReasonFlags] | None = None,
    indirect: bool = False,
) -> x509.IssuingDistributionPoint:
    """An IssuingDistributionPoint: the partition's URL and the kinds of certificate."""
    names = (
        None if partition is None else [x509.UniformResourceIdentifier(CRL_URL.format(partition))]
    )
    return x509.IssuingDistributionPoint(
        full_name=names,
        relative_name=None,
        only_contains_user_certs=only_user_certs,
        only_contains_ca_certs=only_ca_certs,
        only_some_reasons=only_some_reasons,
        indirect_crl=indirect,
        only_contains_attribute_certs=False,
    )


def new_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def _name(common_name: str, organisation: str = "Test CA Authority") -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "IT"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _key_usage(*, digital_signature: bool, ca: bool) -> x509.KeyUsage:
    # A leaf without digitalSignature is shaped like a card's signing certificate.
    return x509.KeyUsage(
        digital_signature=digital_signature,
        content_commitment=not (digital_signature or ca),
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


@attrs.frozen
class Authority:
    """A certification authority: its certificate and its private key."""

    certificate: x509.Certificate
    key: ec.EllipticCurvePrivateKey

    @classmethod
    def root(
        cls, common_name: str = "Test Root CA", *, key: ec.EllipticCurvePrivateKey
    ) -> Authority:
        subject = _name(common_name)
        builder = _ca_builder(
            subject,
            subject,
            key=key,
            issuer_key=key,
            not_before=NOW - 5 * YEAR,
            not_after=NOW + 10 * YEAR,
        )
        return cls(builder.sign(key, hashes.SHA256()), key)

    def intermediate(
        self,
        common_name: str = "Test CNS Issuing CA",
        *,
        key: ec.EllipticCurvePrivateKey,
        not_before: dt.datetime = NOW - 2 * YEAR,
        not_after: dt.datetime = NOW + 5 * YEAR,
        critical_basic_constraints: bool = True,
    ) -> Authority:
        builder = _ca_builder(
            _name(common_name),
            self.certificate.subject,
            key=key,
            issuer_key=self.key,
            not_before=not_before,
            not_after=not_after,
            critical_basic_constraints=critical_basic_constraints,
        )
        return Authority(builder.sign(self.key, hashes.SHA256()), key)

    def leaf(
        self,
        *,
        key: HasPublicKey,
        common_name: str = CNS_COMMON_NAME,
        given_name: str | None = "MARIO",
        surname: str | None = "ROSSI",
        serial_number: str | None = None,
        policies: Iterable[str] = (CNS_OID,),
        digital_signature: bool = True,
        not_before: dt.datetime = NOW - YEAR,
        not_after: dt.datetime = NOW + YEAR,
        serial: int | None = None,
        extended_key_usage: Iterable[x509.ObjectIdentifier] = (ExtendedKeyUsageOID.CLIENT_AUTH,),
        critical_policies: bool = False,
        authority_key_identifier: bool = True,
        distribution_points: Sequence[x509.DistributionPoint] = (),
    ) -> x509.Certificate:
        attributes = [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "IT"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
        if given_name is not None:
            attributes.append(x509.NameAttribute(NameOID.GIVEN_NAME, given_name))
        if surname is not None:
            attributes.append(x509.NameAttribute(NameOID.SURNAME, surname))
        if serial_number is not None:
            attributes.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, serial_number))
        builder = (
            x509.CertificateBuilder()
            .subject_name(x509.Name(attributes))
            .issuer_name(self.certificate.subject)
            .public_key(key.public_key())
            .serial_number(serial or x509.random_serial_number())
            .not_valid_before(not_before)
            .not_valid_after(not_after)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_key_usage(digital_signature=digital_signature, ca=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage(list(extended_key_usage)), critical=False)
            .add_extension(
                x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False
            )
        )
        if authority_key_identifier:
            builder = builder.add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()),
                critical=False,
            )
        if distribution_points:
            builder = builder.add_extension(
                x509.CRLDistributionPoints(list(distribution_points)), critical=False
            )
        oids = [x509.PolicyInformation(x509.ObjectIdentifier(oid), None) for oid in policies]
        if oids:
            builder = builder.add_extension(
                x509.CertificatePolicies(oids), critical=critical_policies
            )
        return builder.sign(self.key, hashes.SHA256())

    def crl(
        self,
        *,
        revoked: Iterable[x509.Certificate] = (),
        last_update: dt.datetime = NOW - dt.timedelta(days=1),
        next_update: dt.datetime = NOW + dt.timedelta(days=6),
        signer: ec.EllipticCurvePrivateKey | None = None,
        number: int | None = None,
        delta_of: int | None = None,
        scope: x509.IssuingDistributionPoint | None = None,
        reason: x509.ReasonFlags | None = None,
        extensions: Sequence[tuple[x509.ExtensionType, bool]] = (),
    ) -> x509.CertificateRevocationList:
        """A CRL of this authority; ``delta_of`` makes it a delta CRL of that base number."""
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(self.certificate.subject)
            .last_update(last_update)
            .next_update(next_update)
        )
        if number is not None:
            builder = builder.add_extension(x509.CRLNumber(number), critical=False)
        if delta_of is not None:
            builder = builder.add_extension(x509.DeltaCRLIndicator(delta_of), critical=True)
        if scope is not None:
            builder = builder.add_extension(scope, critical=True)
        for extension, critical in extensions:
            builder = builder.add_extension(extension, critical=critical)
        for certificate in revoked:
            entry = (
                x509.RevokedCertificateBuilder()
                .serial_number(certificate.serial_number)
                .revocation_date(NOW - dt.timedelta(days=2))
            )
            if reason is not None:
                entry = entry.add_extension(x509.CRLReason(reason), critical=False)
            builder = builder.add_revoked_certificate(entry.build())
        return builder.sign(signer or self.key, hashes.SHA256())


def _ca_builder(
    subject: x509.Name,
    issuer: x509.Name,
    *,
    key: ec.EllipticCurvePrivateKey,
    issuer_key: ec.EllipticCurvePrivateKey,
    not_before: dt.datetime,
    not_after: dt.datetime,
    critical_basic_constraints: bool = True,
) -> x509.CertificateBuilder:
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(
            x509.BasicConstraints(ca=True, path_length=None), critical=critical_basic_constraints
        )
        .add_extension(_key_usage(digital_signature=False, ca=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
    )


def pem(*certificates: x509.Certificate) -> str:
    """Plain PEM text, one block per certificate."""
    return "".join(c.public_bytes(serialization.Encoding.PEM).decode() for c in certificates)


def nginx_header(certificate: x509.Certificate) -> str:
    """The value of ``$ssl_client_escaped_cert``: the leaf's PEM, URL-encoded."""
    return quote(pem(certificate), safe="-_.~")


def apache_header(certificate: x509.Certificate) -> str:
    """``%{SSL_CLIENT_CERT}s`` through mod_headers: one line, line breaks as spaces."""
    return pem(certificate).strip().replace("\n", " ")


def crl_pem(crl: x509.CertificateRevocationList) -> bytes:
    return crl.public_bytes(serialization.Encoding.PEM)


def crl_der(crl: x509.CertificateRevocationList) -> bytes:
    return crl.public_bytes(serialization.Encoding.DER)


PROXY = "10.0.0.5"


@attrs.frozen
class Pki:
    """A trusted root and issuing CA, a foreign pair, and the key of the leaves."""

    root: Authority
    issuing: Authority
    foreign_root: Authority
    foreign_issuing: Authority
    leaf_key: ec.EllipticCurvePrivateKey

    @classmethod
    def build(cls) -> Pki:
        root = Authority.root(key=new_key())
        foreign_root = Authority.root("Unknown Root CA", key=new_key())
        return cls(
            root=root,
            issuing=root.intermediate(key=new_key()),
            foreign_root=foreign_root,
            foreign_issuing=foreign_root.intermediate("Unknown Issuing CA", key=new_key()),
            leaf_key=new_key(),
        )

    def leaf(self, **changes: Any) -> x509.Certificate:
        return self.issuing.leaf(key=self.leaf_key, **changes)

    def crls(self) -> list[x509.CertificateRevocationList]:
        return [self.root.crl(), self.issuing.crl()]


def make_login(
    pki: Pki,
    *,
    bundle: str | None = None,
    crls: Sequence[x509.CertificateRevocationList] | None = None,
    revocation: RevocationPolicy = RevocationPolicy.REFUSE_UNKNOWN,
    policies: Sequence[AcceptedPolicy] = (CNS_POLICY,),
    now: dt.datetime = NOW,
) -> ClientCertificateLogin:
    return ClientCertificateLogin(
        ca_bundle=pem(pki.root.certificate, pki.issuing.certificate) if bundle is None else bundle,
        trusted_proxies=["10.0.0.0/24", "::1"],
        crl_source=FileCrlSource(pki.crls() if crls is None else crls),
        clock=SettableClock(now),
        policies=policies,
        revocation=revocation,
    )


def present(
    login: ClientCertificateLogin,
    certificate: x509.Certificate,
    *,
    chain: Sequence[str | None] = (),
    peer: str = PROXY,
    verify_result: str | None = "SUCCESS",
) -> Result[IdentityAssertion, CertificateLoginFailure]:
    return login.authenticate(
        certificate=nginx_header(certificate), verify_result=verify_result, peer=peer, chain=chain
    )


def refusal(result: Result[IdentityAssertion, CertificateLoginFailure]) -> CertificateLoginFailure:
    assert not isinstance(result, Success), result
    return result.failure()
