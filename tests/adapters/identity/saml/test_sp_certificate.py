"""make_sp_certificate follows the SPID certificate profile for public SPs."""

from __future__ import annotations

import datetime as dt

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtensionOID, NameOID

from formlavoro_adapters.identity.saml import SpCertificate
from formlavoro_adapters.identity.saml.certificates import (
    AGID_CERT_POLICY,
    SPID_PUBLIC_SP_POLICY,
    URI_OID,
)
from tests.adapters.identity.saml.conftest import SP_ENTITY_ID


def test_the_certificate_follows_the_spid_public_sp_profile(sp_pair: SpCertificate) -> None:
    cert = x509.load_pem_x509_certificate(sp_pair.certificate_pem)
    key = cert.public_key()
    assert isinstance(key, rsa.RSAPublicKey)
    assert key.key_size >= 2048
    assert cert.signature_hash_algorithm is not None
    assert cert.signature_hash_algorithm.name == "sha256"

    def subject(oid: x509.ObjectIdentifier) -> str:
        return str(cert.subject.get_attributes_for_oid(oid)[0].value)

    assert subject(NameOID.COMMON_NAME)
    assert subject(NameOID.COUNTRY_NAME) == "IT"
    assert subject(NameOID.LOCALITY_NAME) == "Genova"
    assert subject(NameOID.ORGANIZATION_NAME) == "Comune di Genova"
    assert subject(NameOID.ORGANIZATION_IDENTIFIER) == "PA:IT-c_d969"
    assert subject(URI_OID) == SP_ENTITY_ID
    policies = cert.extensions.get_extension_for_class(x509.CertificatePolicies).value
    assert {policy.policy_identifier for policy in policies} == {
        AGID_CERT_POLICY,
        SPID_PUBLIC_SP_POLICY,
    }
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage)
    assert usage.critical
    assert usage.value.digital_signature
    assert usage.value.content_commitment
    assert not usage.value.key_cert_sign
    assert ExtensionOID.BASIC_CONSTRAINTS not in {ext.oid for ext in cert.extensions}
    assert cert.not_valid_after_utc - cert.not_valid_before_utc > dt.timedelta(days=365)
