"""What the login reads from the card's own certificate: its key, usage, policies, holder.

:func:`read_leaf` reads the fields once (reading may fail on damaged DER);
:func:`key_refusal` refuses keys weaker than RSA 2048 or EC P-256; :func:`identity_of`
turns the subject into the holder's fiscal code and names.

>>> from cryptography.hazmat.primitives.asymmetric import ec, rsa
>>> key_refusal(rsa.generate_private_key(65537, 1024).public_key()).code
'identity.certificate.weak_rsa_key'
>>> key_refusal(ec.generate_private_key(ec.SECP224R1()).public_key()).code
'identity.certificate.weak_ec_key'
>>> key_refusal(ec.generate_private_key(ec.SECP256R1()).public_key()) is None
True
"""

from __future__ import annotations

from typing import Final, TypeVar

import attrs
from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa, x448, x25519
from cryptography.hazmat.primitives.asymmetric.types import CertificatePublicKeyTypes
from cryptography.x509.oid import NameOID

from formlavoro_adapters.identity.certificate_failures import (
    EC_CURVES,
    CertificateLoginFailure,
    CertificateMalformed,
    FiscalCodeRejected,
    NamesMissing,
    UnsupportedKeyType,
    WeakEcKey,
    WeakRsaKey,
)
from formlavoro_core.identity.assertion import MAX_NAME, IdentityAssertion
from formlavoro_core.identity.fiscal_code import FiscalCode, FiscalCodeError
from formlavoro_core.identity.methods import LoginMethod

__all__ = ["ACCEPTED_CURVES", "MIN_RSA_BITS", "Leaf", "identity_of", "key_refusal", "read_leaf"]

MIN_RSA_BITS: Final = 2048
"""The smallest RSA key a card may hold (AgID, ETSI TS 119 312: 2048 bits and more)."""
ACCEPTED_CURVES: Final = frozenset(
    {
        "secp256r1",
        "secp384r1",
        "secp521r1",
        "brainpoolP256r1",
        "brainpoolP384r1",
        "brainpoolP512r1",
    }
)
"""The curves of P-256 strength or more that smart cards use (NIST and Brainpool)."""
_FISCAL_CODE_PREFIXES: Final = ("TINIT-", "IT:")
_OTHER_KEYS: Final = (
    (dsa.DSAPublicKey, "dsa"),
    (ed25519.Ed25519PublicKey, "ed25519"),
    (ed448.Ed448PublicKey, "ed448"),
    (x25519.X25519PublicKey, "x25519"),
    (x448.X448PublicKey, "x448"),
)
_E = TypeVar("_E", bound=x509.ExtensionType)


@attrs.frozen(kw_only=True)
class Leaf:
    """What the checks need from the leaf, read once."""

    key: CertificatePublicKeyTypes
    issuer: str
    digital_signature: bool
    policies: tuple[str, ...]
    common_names: tuple[str, ...]
    serial_numbers: tuple[str, ...]
    given_names: tuple[str, ...]
    surnames: tuple[str, ...]


def extension(certificate: x509.Certificate, kind: type[_E]) -> _E | None:
    """The value of the certificate's extension of type ``kind``, or ``None``."""
    try:
        return certificate.extensions.get_extension_for_class(kind).value
    except x509.ExtensionNotFound:
        return None


def _texts(name: x509.Name, oid: x509.ObjectIdentifier) -> tuple[str, ...]:
    values = (attribute.value for attribute in name.get_attributes_for_oid(oid))
    return tuple(v if isinstance(v, str) else v.decode("utf-8", "replace") for v in values)


def read_leaf(leaf: x509.Certificate) -> Leaf | CertificateMalformed:
    """Read the leaf's key, key usage, policies and subject attributes."""
    try:
        usage = extension(leaf, x509.KeyUsage)
        policies = extension(leaf, x509.CertificatePolicies) or ()
        return Leaf(
            key=leaf.public_key(),
            issuer=leaf.issuer.rfc4514_string(),
            digital_signature=usage is not None and usage.digital_signature,
            policies=tuple(p.policy_identifier.dotted_string for p in policies),
            common_names=_texts(leaf.subject, NameOID.COMMON_NAME),
            serial_numbers=_texts(leaf.subject, NameOID.SERIAL_NUMBER),
            given_names=_texts(leaf.subject, NameOID.GIVEN_NAME),
            surnames=_texts(leaf.subject, NameOID.SURNAME),
        )
    except (ValueError, UnsupportedAlgorithm):
        return CertificateMalformed(reason="unreadable_fields")


def key_refusal(key: CertificatePublicKeyTypes) -> CertificateLoginFailure | None:
    """Refuse an RSA key below :data:`MIN_RSA_BITS` or a curve not in :data:`ACCEPTED_CURVES`."""
    if isinstance(key, rsa.RSAPublicKey):
        return WeakRsaKey(key_size=key.key_size) if key.key_size < MIN_RSA_BITS else None
    if isinstance(key, ec.EllipticCurvePublicKey):
        curve = key.curve.name
        if curve in ACCEPTED_CURVES:
            return None
        return WeakEcKey(curve=curve if curve in EC_CURVES else "other")
    kind = next((name for cls, name in _OTHER_KEYS if isinstance(key, cls)), "other")
    return UnsupportedKeyType(key_type=kind)


def identity_of(leaf: Leaf, method: LoginMethod) -> IdentityAssertion | CertificateLoginFailure:
    """The holder's fiscal code (common name, checked against serialNumber) and names."""
    if len(leaf.common_names) != 1:
        return FiscalCodeRejected(reason="absent")
    raw = leaf.common_names[0].split("/", 1)[0]
    try:
        code = FiscalCode.parse(raw)
    except FiscalCodeError:
        return FiscalCodeRejected(reason="invalid")
    for serial in leaf.serial_numbers:
        claimed = serial.strip().upper()
        for prefix in _FISCAL_CODE_PREFIXES:
            claimed = claimed.removeprefix(prefix)
        if claimed.strip() != code.value:
            return FiscalCodeRejected(reason="mismatch")
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
