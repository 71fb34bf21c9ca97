"""Self-signed certificates of the SPID profile for public-administration SPs.

AgID's profile for the certificate that signs a public SP's metadata and requests:
RSA of 2048 bits or more, SHA-256, a subject with ``commonName``, ``countryName`` IT,
``localityName``, ``organizationName``, ``organizationIdentifier`` ``PA:IT-<IPA code>``
and ``uri`` (the entity ID); certificate policies agIDcert (1.3.76.16.6) and
spid-publicsector-SP (1.3.76.16.4.2.1); key usage digitalSignature and nonRepudiation;
no CA basic constraints. :func:`make_sp_certificate` makes one for examples and tests.
"""

from __future__ import annotations

import datetime as dt

import attrs
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID, ObjectIdentifier

__all__ = [
    "AGID_CERT_POLICY",
    "SPID_PUBLIC_SP_POLICY",
    "URI_OID",
    "SpCertificate",
    "make_sp_certificate",
]

AGID_CERT_POLICY = ObjectIdentifier("1.3.76.16.6")
"""agIDcert: the certificate follows AgID's profile."""
SPID_PUBLIC_SP_POLICY = ObjectIdentifier("1.3.76.16.4.2.1")
"""spid-publicsector-SP: a service provider of a public administration."""
URI_OID = ObjectIdentifier("2.5.4.83")
"""The ``uri`` attribute type of the subject (the SP's entity ID)."""


@attrs.frozen(kw_only=True)
class SpCertificate:
    """A private key and its certificate, both PEM."""

    key_pem: bytes
    certificate_pem: bytes


def make_sp_certificate(
    *,
    entity_id: str,
    ipa_code: str,
    organization: str,
    locality: str,
    common_name: str | None = None,
    now: dt.datetime,
    valid_for: dt.timedelta = dt.timedelta(days=730),
    key_size: int = 2048,
) -> SpCertificate:
    """Make a key and a self-signed certificate of the SPID public-SP profile.

    >>> import datetime as dt
    >>> pair = make_sp_certificate(entity_id="https://sp.example/saml", ipa_code="c_d969",
    ...     organization="Comune di Genova", locality="Genova",
    ...     now=dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
    >>> pair.certificate_pem.startswith(b"-----BEGIN CERTIFICATE-----")
    True
    """
    key = rsa.generate_private_key(public_exponent=65537, key_size=key_size)
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name or organization),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "IT"),
            x509.NameAttribute(NameOID.LOCALITY_NAME, locality),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
            x509.NameAttribute(NameOID.ORGANIZATION_IDENTIFIER, f"PA:IT-{ipa_code}"),
            x509.NameAttribute(URI_OID, entity_id),
        ]
    )
    policies = x509.CertificatePolicies(
        [
            x509.PolicyInformation(AGID_CERT_POLICY, ["agIDcert"]),
            x509.PolicyInformation(SPID_PUBLIC_SP_POLICY, ["cert_SP_Pub"]),
        ]
    )
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + valid_for)
        .add_extension(policies, critical=False)
        .add_extension(usage, critical=True)
        .sign(key, hashes.SHA256())
    )
    return SpCertificate(
        key_pem=key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
        certificate_pem=certificate.public_bytes(serialization.Encoding.PEM),
    )
