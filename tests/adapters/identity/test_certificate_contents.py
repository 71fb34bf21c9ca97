"""``ClientCertificateLogin``: what the leaf certificate must hold once its chain is trusted.

Its key usage and key strength (issue 9 point 1), the accepted CNS or CIE policy, the
holder's fiscal code in the common name and serial number, and the holder's names.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from returns.result import Success

from formlavoro_adapters.identity.certificates import CNS_POLICY

from .certificates_support import CIE_OID, FISCAL_CODE, Pki, make_login, pem, present, refusal


def _rsa(bits: int) -> Callable[[], rsa.RSAPrivateKey]:
    """A maker of RSA keys of ``bits`` bits; the weak ones are what some tests present."""
    return lambda: rsa.generate_private_key(65537, bits)


# Leaf contents


def test_a_certificate_without_digital_signature_usage_is_refused(pki: Pki) -> None:
    signing_only = pki.leaf(digital_signature=False)

    failure = refusal(present(make_login(pki), signing_only))

    assert failure.code == "identity.certificate.key_usage"


@pytest.mark.parametrize(
    ("make_key", "code", "data"),
    [
        (_rsa(1024), "weak_rsa_key", {"key_size": 1024}),
        (_rsa(2047), "weak_rsa_key", {"key_size": 2047}),
        (lambda: ec.generate_private_key(ec.SECP224R1()), "weak_ec_key", {"curve": "secp224r1"}),
        (lambda: ec.generate_private_key(ec.SECP192R1()), "weak_ec_key", {"curve": "secp192r1"}),
        (lambda: ec.generate_private_key(ec.SECP256K1()), "weak_ec_key", {"curve": "secp256k1"}),
        (ed25519.Ed25519PrivateKey.generate, "key_type", {"key_type": "ed25519"}),
    ],
    ids=["rsa-1024", "rsa-2047", "p-224", "p-192", "secp256k1", "ed25519"],
)
def test_point1_a_leaf_key_below_rsa_2048_or_p256_is_refused_with_its_own_code(
    pki: Pki, make_key: Any, code: str, data: dict[str, object]
) -> None:
    """Issue 9 point 1: weak card keys are refused, each kind with its own code."""
    failure = refusal(present(make_login(pki), pki.issuing.leaf(key=make_key())))

    assert failure.code == f"identity.certificate.{code}"
    assert {name: failure.to_dict()[name] for name in data} == data


@pytest.mark.parametrize(
    "make_key",
    [
        _rsa(2048),
        lambda: ec.generate_private_key(ec.SECP384R1()),
        lambda: ec.generate_private_key(ec.BrainpoolP256R1()),
    ],
    ids=["rsa-2048", "p-384", "brainpool-p256"],
)
def test_point1_rsa_2048_and_curves_of_p256_strength_are_accepted(pki: Pki, make_key: Any) -> None:
    """Issue 9 point 1: the threshold keys themselves log in."""
    assert isinstance(present(make_login(pki), pki.issuing.leaf(key=make_key())), Success)


def test_the_key_is_checked_only_once_the_chain_is_trusted(pki: Pki) -> None:
    weak = pki.foreign_issuing.leaf(key=_rsa(1024)())
    chain = [pem(pki.foreign_issuing.certificate, pki.foreign_root.certificate)]

    assert refusal(present(make_login(pki), weak, chain=chain)).code == (
        "identity.certificate.untrusted_root"
    )


@pytest.mark.parametrize("policies", [("1.3.6.1.4.1.99999.1",), ()])
def test_a_certificate_without_the_accepted_policy_is_refused(
    pki: Pki, policies: tuple[str, ...]
) -> None:
    failure = refusal(present(make_login(pki), pki.leaf(policies=policies)))

    assert failure.code == "identity.certificate.wrong_policy"
    assert failure.to_dict()["found"] == list(policies)
    assert failure.to_dict()["accepted"] == [CNS_POLICY.oid]


def test_a_cie_certificate_is_refused_where_only_cns_is_accepted(pki: Pki) -> None:
    failure = refusal(present(make_login(pki), pki.leaf(policies=(CIE_OID,))))

    assert failure.code == "identity.certificate.wrong_policy"


@pytest.mark.parametrize(
    ("common_name", "reason"),
    [
        ("MARIO ROSSI", "invalid"),
        ("RSSMRA85T10A562X/7420001234567890.abc=", "invalid"),
        ("/7420001234567890.abc=", "invalid"),
    ],
)
def test_a_common_name_without_a_valid_fiscal_code_is_refused(
    pki: Pki, common_name: str, reason: str
) -> None:
    failure = refusal(present(make_login(pki), pki.leaf(common_name=common_name)))

    assert failure.code == "identity.certificate.fiscal_code"
    assert failure.to_dict()["reason"] == reason


def test_a_common_name_holding_only_the_fiscal_code_is_enough(pki: Pki) -> None:
    result = present(make_login(pki), pki.leaf(common_name=FISCAL_CODE.lower()))

    assert result.unwrap().fiscal_code.value == FISCAL_CODE


@pytest.mark.parametrize(
    "serial_number", [f"TINIT-{FISCAL_CODE}", f"IT:{FISCAL_CODE}", FISCAL_CODE]
)
def test_a_matching_serial_number_is_accepted(pki: Pki, serial_number: str) -> None:
    result = present(make_login(pki), pki.leaf(serial_number=serial_number))

    assert result.unwrap().fiscal_code.value == FISCAL_CODE


@pytest.mark.parametrize("serial_number", ["TINIT-VRDLNE25A41D969F", "IT:RSSMRA85T10A562", "42"])
def test_a_serial_number_naming_another_code_is_a_mismatch(pki: Pki, serial_number: str) -> None:
    failure = refusal(present(make_login(pki), pki.leaf(serial_number=serial_number)))

    assert failure.code == "identity.certificate.fiscal_code"
    assert failure.to_dict() == {
        "code": failure.code,
        "message": "The certificate's serial number names another fiscal code.",
        "reason": "mismatch",
    }


@pytest.mark.parametrize(
    ("given_name", "surname", "missing"),
    [
        (None, "ROSSI", ["givenName"]),
        ("MARIO", " ", ["surname"]),
        (None, None, ["givenName", "surname"]),
    ],
)
def test_a_subject_without_names_is_refused(
    pki: Pki, given_name: str | None, surname: str | None, missing: list[str]
) -> None:
    leaf = pki.leaf(given_name=given_name, surname=surname)

    failure = refusal(present(make_login(pki), leaf))

    assert failure.code == "identity.certificate.names"
    assert failure.to_dict()["attributes"] == missing
