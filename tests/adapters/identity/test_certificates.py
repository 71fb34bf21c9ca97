"""``ClientCertificateLogin``: CNS and CIE client certificates forwarded by a proxy."""

from __future__ import annotations

import datetime as dt
import pathlib
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID
from returns.result import Success

from formlavoro_adapters.clock import SettableClock
from formlavoro_adapters.identity.certificates import (
    CIE_POLICY,
    CNS_POLICY,
    AcceptedPolicy,
    CertificateExpired,
    CertificateMissing,
    ClientCertificateLogin,
    HeaderNames,
    read_forwarded_certificates,
)
from formlavoro_adapters.identity.crl import FileCrlSource
from formlavoro_core.errors import ConfigurationError
from formlavoro_core.identity.methods import LoginMethod

from .certificates_support import (
    CIE_OID,
    FISCAL_CODE,
    NOW,
    PROXY,
    YEAR,
    Authority,
    Pki,
    apache_header,
    make_login,
    new_key,
    nginx_header,
    pem,
    present,
    refusal,
)

DAY = dt.timedelta(days=1)


def _rsa(bits: int) -> Callable[[], rsa.RSAPrivateKey]:
    """A maker of RSA keys of ``bits`` bits; the weak ones are what some tests present."""
    return lambda: rsa.generate_private_key(65537, bits)


def _key_id(authority: Authority) -> str:
    """The authority's subject key identifier, as the certificates it issues name it."""
    extension = authority.certificate.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)
    return extension.value.digest.hex().upper()


# Accepted certificates


def test_a_valid_cns_certificate_gives_the_holders_identity(pki: Pki) -> None:
    result = present(make_login(pki), pki.leaf())

    assert isinstance(result, Success), result
    assertion = result.unwrap()
    assert assertion.method is LoginMethod.CNS
    assert assertion.fiscal_code.value == FISCAL_CODE
    assert (assertion.given_name, assertion.family_name) == ("MARIO", "ROSSI")
    assert assertion.issuer == pki.issuing.certificate.subject.rfc4514_string()
    assert assertion.email is None


def test_the_cie_policy_gives_the_cie_method(pki: Pki) -> None:
    login = make_login(pki, policies=(CNS_POLICY, CIE_POLICY))

    cie = present(login, pki.leaf(policies=("1.3.6.1.4.1.99.1", CIE_OID)))
    cns = present(login, pki.leaf())

    assert cie.unwrap().method is LoginMethod.CIE
    assert cns.unwrap().method is LoginMethod.CNS


def test_the_chain_can_come_from_apache_instead_of_the_bundle(pki: Pki) -> None:
    login = make_login(pki, bundle=pem(pki.root.certificate))
    result = login.authenticate(
        certificate=apache_header(pki.leaf()),
        verify_result="SUCCESS",
        peer=PROXY,
        chain=[apache_header(pki.issuing.certificate), apache_header(pki.root.certificate), ""],
    )

    assert result.unwrap().fiscal_code.value == FISCAL_CODE


def test_one_header_may_hold_the_leaf_followed_by_its_chain(pki: Pki) -> None:
    login = make_login(pki, bundle=pem(pki.root.certificate))
    header = quote(pem(pki.leaf(), pki.issuing.certificate), safe="")

    result = login.authenticate(certificate=header, verify_result="SUCCESS", peer=PROXY)

    assert result.unwrap().method is LoginMethod.CNS


def test_headers_are_read_by_name_whatever_their_case(pki: Pki) -> None:
    login = make_login(pki, bundle=pem(pki.root.certificate))
    headers = {
        "x-ssl-client-cert": apache_header(pki.leaf()),
        "X-SSL-CLIENT-VERIFY": "SUCCESS",
        "X-Ssl-Client-Chain-0": apache_header(pki.issuing.certificate),
        "X-Ssl-Client-Chain-1": "(null)",
    }

    assert login.authenticate_headers(headers, peer=PROXY).unwrap().given_name == "MARIO"
    assert refusal(login.authenticate_headers({}, peer=PROXY)).code == (
        "identity.certificate.missing"
    )


def test_header_names_can_be_changed(pki: Pki) -> None:
    login = ClientCertificateLogin(
        ca_bundle=pem(pki.root.certificate, pki.issuing.certificate).encode(),
        trusted_proxies=[PROXY],
        crl_source=FileCrlSource(pki.crls()),
        clock=SettableClock(NOW),
        headers=HeaderNames(certificate="SSL-Cert", verify="SSL-Verify"),
    )
    headers = {"SSL-Cert": nginx_header(pki.leaf()), "SSL-Verify": "SUCCESS"}

    assert login.authenticate_headers(headers, peer=PROXY).unwrap().family_name == "ROSSI"


def test_smart_card_profiles_that_differ_from_the_web_pki_are_accepted(pki: Pki) -> None:
    relaxed = pki.root.intermediate(key=new_key(), critical_basic_constraints=False)
    leaf = relaxed.leaf(key=pki.leaf_key, critical_policies=True, authority_key_identifier=False)
    login = make_login(
        pki,
        bundle=pem(pki.root.certificate, relaxed.certificate),
        crls=[pki.root.crl(), relaxed.crl()],
    )

    assert present(login, leaf).unwrap().method is LoginMethod.CNS


def test_an_issuer_that_is_not_a_ca_is_refused(pki: Pki) -> None:
    not_a_ca = Authority(pki.leaf(), pki.leaf_key)
    leaf = not_a_ca.leaf(key=new_key())
    chain = [pem(not_a_ca.certificate)]

    failure = refusal(present(make_login(pki), leaf, chain=chain))

    assert failure.code == "identity.certificate.invalid_chain"


# Forwarded values


def test_nginx_apache_and_plain_pem_values_give_the_same_certificate(pki: Pki) -> None:
    leaf = pki.leaf()

    forms = [nginx_header(leaf), apache_header(leaf), pem(leaf), pem(leaf).replace("\n", "\r\n")]

    for form in forms:
        assert read_forwarded_certificates(form).unwrap() == (leaf,)
    assert "%0A" in nginx_header(leaf)
    assert "\n" not in apache_header(leaf)


def test_the_escaped_value_keeps_plus_signs_of_base64(pki: Pki) -> None:
    leaf = next(c for c in (pki.leaf() for _ in range(50)) if "+" in pem(c))

    escaped = nginx_header(leaf)

    assert "%2B" in escaped
    assert read_forwarded_certificates(escaped).unwrap() == (leaf,)


@pytest.mark.parametrize("value", [None, "", "(null)", "  "])
def test_no_certificate_is_missing(value: str | None) -> None:
    assert read_forwarded_certificates(value).failure() == CertificateMissing()


@pytest.mark.parametrize(
    "value",
    [
        "hello",
        "-----BEGIN%20CERTIFICATE-----%0Anot*base64%0A-----END%20CERTIFICATE-----",
        "-----BEGIN CERTIFICATE----- bm90IGEgY2VydGlmaWNhdGU= -----END CERTIFICATE-----",
        "x" * 70_000,
    ],
)
def test_a_damaged_value_is_malformed(pki: Pki, value: str) -> None:
    result = make_login(pki).authenticate(certificate=value, verify_result="SUCCESS", peer=PROXY)

    assert refusal(result).code == "identity.certificate.malformed"
    assert read_forwarded_certificates(value).failure().code == "identity.certificate.malformed"


def test_more_than_ten_certificates_are_malformed(pki: Pki) -> None:
    many = pem(*[pki.root.certificate] * 11)

    assert read_forwarded_certificates(many).failure().code == "identity.certificate.malformed"
    assert isinstance(read_forwarded_certificates(pem(*[pki.root.certificate] * 10)), Success)


# Proxy


@pytest.mark.parametrize("peer", ["192.0.2.10", "10.0.1.5", "::2", "not-an-address", ""])
def test_headers_from_an_untrusted_address_are_refused(pki: Pki, peer: str) -> None:
    failure = refusal(present(make_login(pki), pki.leaf(), peer=peer))

    assert failure.code == "identity.certificate.untrusted_proxy"
    assert failure.to_dict() == {"code": failure.code, "message": failure.message}


@pytest.mark.parametrize("peer", ["10.0.0.5", "10.0.0.254", "::1", "::ffff:10.0.0.7"])
def test_configured_addresses_and_networks_are_trusted(pki: Pki, peer: str) -> None:
    assert isinstance(present(make_login(pki), pki.leaf(), peer=peer), Success)


@pytest.mark.parametrize(
    ("verify_result", "verdict"),
    [
        ("FAILED:certificate has expired", "failed"),
        ("GENEROUS", "generous"),
        ("NONE", "none"),
        ("success", "other"),
        ("FAILED:CN=RSSMRA85T10A562S", "failed"),
        (None, "none"),
    ],
)
def test_a_proxy_verdict_other_than_success_is_refused(
    pki: Pki, verify_result: str | None, verdict: str
) -> None:
    """SEC-5: the proxy's text is reduced to a word; it may name the subject."""
    failure = refusal(present(make_login(pki), pki.leaf(), verify_result=verify_result))

    assert failure.code == "identity.certificate.proxy_rejected"
    assert failure.to_dict()["verdict"] == verdict
    assert FISCAL_CODE not in repr(failure.to_dict())


@pytest.mark.parametrize(("certificate", "verify_result"), [("", "NONE"), ("", "SUCCESS")])
def test_no_certificate_from_the_proxy_is_missing(
    pki: Pki, certificate: str, verify_result: str
) -> None:
    result = make_login(pki).authenticate(
        certificate=certificate, verify_result=verify_result, peer=PROXY
    )

    assert refusal(result).code == "identity.certificate.missing"


# Chain


def test_a_certificate_of_an_unknown_authority_is_untrusted(pki: Pki) -> None:
    leaf = pki.foreign_issuing.leaf(key=pki.leaf_key)
    chain = [apache_header(pki.foreign_issuing.certificate), pem(pki.foreign_root.certificate)]

    failure = refusal(present(make_login(pki), leaf, chain=chain))

    assert failure.code == "identity.certificate.untrusted_root"
    assert failure.to_dict()["key_id"] == _key_id(pki.foreign_root)


def test_a_certificate_signed_under_a_trusted_name_with_another_key_is_untrusted(
    pki: Pki,
) -> None:
    impostor = Authority(pki.issuing.certificate, new_key())

    failure = refusal(present(make_login(pki), impostor.leaf(key=pki.leaf_key)))

    assert failure.code == "identity.certificate.untrusted_root"


def test_a_missing_intermediate_makes_the_chain_incomplete(pki: Pki) -> None:
    login = make_login(pki, bundle=pem(pki.root.certificate))

    failure = refusal(present(login, pki.leaf()))

    assert failure.code == "identity.certificate.incomplete_chain"
    assert failure.to_dict()["key_id"] == _key_id(pki.issuing)


@pytest.mark.parametrize(
    ("not_before", "not_after"),
    [(NOW - 2 * YEAR, NOW - DAY), (NOW + DAY, NOW + YEAR)],
    ids=["expired", "not-yet-valid"],
)
def test_a_leaf_outside_its_validity_is_expired(
    pki: Pki, not_before: dt.datetime, not_after: dt.datetime
) -> None:
    failure = refusal(
        present(make_login(pki), pki.leaf(not_before=not_before, not_after=not_after))
    )

    assert isinstance(failure, CertificateExpired)
    assert failure.code == "identity.certificate.expired"
    assert failure.depth == 0
    assert failure.checked_at == NOW
    assert failure.to_dict()["not_after"] == not_after.isoformat()


def test_an_expired_intermediate_makes_the_chain_expired(pki: Pki) -> None:
    expired = pki.root.intermediate(
        "Test Expired CA", key=new_key(), not_before=NOW - 6 * YEAR, not_after=NOW - DAY
    )
    login = make_login(
        pki,
        bundle=pem(pki.root.certificate, expired.certificate),
        crls=[pki.root.crl(), expired.crl(last_update=NOW - 2 * DAY)],
    )

    failure = refusal(present(login, expired.leaf(key=pki.leaf_key)))

    assert failure.code == "identity.certificate.expired"
    assert failure.to_dict()["depth"] == 1


def test_a_leaf_that_is_valid_tomorrow_is_accepted_tomorrow(pki: Pki) -> None:
    leaf = pki.leaf(not_before=NOW + DAY)

    assert isinstance(present(make_login(pki, now=NOW + 2 * DAY), leaf), Success)


def test_a_chain_the_validator_refuses_for_another_reason_is_invalid(pki: Pki) -> None:
    server_only = pki.leaf(extended_key_usage=(ExtendedKeyUsageOID.SERVER_AUTH,))

    failure = refusal(present(make_login(pki), server_only))

    assert failure.code == "identity.certificate.invalid_chain"
    assert failure.to_dict()["problem"] == "extended_key_usage"
    assert FISCAL_CODE not in repr(failure.to_dict())


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


# Configuration


def test_the_bundle_may_be_a_file(pki: Pki, tmp_path: pathlib.Path) -> None:
    bundle = tmp_path / "cns-ca.pem"
    bundle.write_text(pem(pki.root.certificate, pki.issuing.certificate))

    for form in (bundle, str(bundle)):
        login = ClientCertificateLogin(
            ca_bundle=form,
            trusted_proxies=[PROXY],
            crl_source=FileCrlSource(pki.crls()),
            clock=SettableClock(NOW),
        )
        assert isinstance(present(login, pki.leaf()), Success)


@pytest.mark.parametrize(
    ("changes", "setting"),
    [
        ({"trusted_proxies": ["10.0.0.300"]}, "trusted_proxies"),
        ({"trusted_proxies": ["10.0.0.1/24"]}, "trusted_proxies"),
        ({"trusted_proxies": []}, "trusted_proxies"),
        ({"ca_bundle": "/nonexistent/cns-ca.pem"}, "ca_bundle"),
        (
            {"ca_bundle": "-----BEGIN CERTIFICATE-----\nbroken\n-----END CERTIFICATE-----\n"},
            "ca_bundle",
        ),
        ({"policies": ()}, "policies"),
    ],
)
def test_bad_settings_are_configuration_errors(
    pki: Pki, changes: dict[str, Any], setting: str
) -> None:
    settings: dict[str, Any] = {
        "ca_bundle": pem(pki.root.certificate),
        "trusted_proxies": [PROXY],
        "crl_source": FileCrlSource(()),
        "clock": SettableClock(NOW),
        **changes,
    }

    with pytest.raises(ConfigurationError, match=setting):
        ClientCertificateLogin(**settings)


def test_a_bundle_without_a_root_is_a_configuration_error(pki: Pki) -> None:
    with pytest.raises(ConfigurationError, match="no self-signed root"):
        ClientCertificateLogin(
            ca_bundle=pem(pki.issuing.certificate),
            trusted_proxies=[PROXY],
            crl_source=FileCrlSource(()),
            clock=SettableClock(NOW),
        )


def test_a_policy_proves_only_cns_or_cie() -> None:
    with pytest.raises(ValueError, match="CNS or CIE"):
        AcceptedPolicy(oid="1.2.3", method=LoginMethod.SPID)
    with pytest.raises(ValueError, match="oid"):
        AcceptedPolicy(oid="not an oid", method=LoginMethod.CNS)
