"""``ClientCertificateLogin``: CNS and CIE client certificates forwarded by a proxy."""

from __future__ import annotations

import datetime as dt
import pathlib
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

import attrs
import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID
from returns.result import Result, Success

from formlavoro_adapters.clock import SettableClock
from formlavoro_adapters.identity.certificates import (
    CIE_POLICY,
    CNS_POLICY,
    AcceptedPolicy,
    CertificateExpired,
    CertificateLoginFailure,
    CertificateMissing,
    ClientCertificateLogin,
    HeaderNames,
    read_forwarded_certificates,
)
from formlavoro_adapters.identity.crl import FileCrlSource, RevocationPolicy
from formlavoro_core.errors import ConfigurationError
from formlavoro_core.identity.assertion import IdentityAssertion
from formlavoro_core.identity.methods import LoginMethod

from .certificates_support import (
    CIE_OID,
    FISCAL_CODE,
    NOW,
    YEAR,
    Authority,
    apache_header,
    crl_der,
    crl_pem,
    new_key,
    nginx_header,
    pem,
)

PROXY = "10.0.0.5"
DAY = dt.timedelta(days=1)


@attrs.frozen
class Pki:
    root: Authority
    issuing: Authority
    foreign_root: Authority
    foreign_issuing: Authority
    leaf_key: ec.EllipticCurvePrivateKey

    def leaf(self, **changes: Any) -> x509.Certificate:
        return self.issuing.leaf(key=self.leaf_key, **changes)

    def crls(self) -> list[x509.CertificateRevocationList]:
        return [self.root.crl(), self.issuing.crl()]


@pytest.fixture(scope="module")
def pki() -> Pki:
    root = Authority.root(key=new_key())
    foreign_root = Authority.root("Unknown Root CA", key=new_key())
    return Pki(
        root=root,
        issuing=root.intermediate(key=new_key()),
        foreign_root=foreign_root,
        foreign_issuing=foreign_root.intermediate("Unknown Issuing CA", key=new_key()),
        leaf_key=new_key(),
    )


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
    assert failure.to_dict()["peer"] == peer


@pytest.mark.parametrize("peer", ["10.0.0.5", "10.0.0.254", "::1", "::ffff:10.0.0.7"])
def test_configured_addresses_and_networks_are_trusted(pki: Pki, peer: str) -> None:
    assert isinstance(present(make_login(pki), pki.leaf(), peer=peer), Success)


@pytest.mark.parametrize(
    "verify_result", ["FAILED:certificate has expired", "GENEROUS", "NONE", "success", None]
)
def test_a_proxy_verdict_other_than_success_is_refused(pki: Pki, verify_result: str | None) -> None:
    failure = refusal(present(make_login(pki), pki.leaf(), verify_result=verify_result))

    assert failure.code == "identity.certificate.proxy_rejected"
    assert failure.to_dict()["verify_result"] == (verify_result or "")


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
    assert "Unknown Root CA" in failure.to_dict()["root"]


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
    assert "Test CNS Issuing CA" in failure.to_dict()["missing_issuer"]


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
    assert FISCAL_CODE in failure.subject
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
    assert "Test Expired CA" in failure.to_dict()["subject"]


def test_a_leaf_that_is_valid_tomorrow_is_accepted_tomorrow(pki: Pki) -> None:
    leaf = pki.leaf(not_before=NOW + DAY)

    assert isinstance(present(make_login(pki, now=NOW + 2 * DAY), leaf), Success)


def test_a_chain_the_validator_refuses_for_another_reason_is_invalid(pki: Pki) -> None:
    server_only = pki.leaf(extended_key_usage=(ExtendedKeyUsageOID.SERVER_AUTH,))

    failure = refusal(present(make_login(pki), server_only))

    assert failure.code == "identity.certificate.invalid_chain"
    assert FISCAL_CODE not in failure.message


# Leaf contents


def test_a_certificate_without_digital_signature_usage_is_refused(pki: Pki) -> None:
    signing_only = pki.leaf(digital_signature=False)

    failure = refusal(present(make_login(pki), signing_only))

    assert failure.code == "identity.certificate.key_usage"


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
    assert failure.to_dict()["reason"] == "mismatch"
    assert failure.to_dict()["value"] == serial_number


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


# Revocation


def test_a_certificate_listed_in_the_crl_is_revoked(pki: Pki) -> None:
    leaf = pki.leaf()
    login = make_login(pki, crls=[pki.root.crl(), pki.issuing.crl(revoked=[leaf])])

    failure = refusal(present(login, leaf))

    assert failure.code == "identity.certificate.revoked"
    assert failure.to_dict()["serial_number"] == f"{leaf.serial_number:X}"
    assert failure.to_dict()["revoked_at"] == (NOW - 2 * DAY).isoformat()


def test_a_revoked_intermediate_revokes_its_leaves(pki: Pki) -> None:
    crls = [pki.root.crl(revoked=[pki.issuing.certificate]), pki.issuing.crl()]

    failure = refusal(present(make_login(pki, crls=crls), pki.leaf()))

    assert failure.code == "identity.certificate.revoked"
    assert "Test CNS Issuing CA" in failure.to_dict()["subject"]


def test_the_newest_crl_of_an_issuer_is_used(pki: Pki) -> None:
    leaf = pki.leaf()
    older = pki.issuing.crl(last_update=NOW - 3 * DAY)
    newer = pki.issuing.crl(revoked=[leaf], last_update=NOW - DAY)
    login = make_login(pki, crls=[pki.root.crl(), newer, older])

    assert refusal(present(login, leaf)).code == "identity.certificate.revoked"


@pytest.mark.parametrize("missing", ["issuing", "root"])
def test_without_a_crl_the_default_policy_refuses(pki: Pki, missing: str) -> None:
    crls = [pki.issuing.crl()] if missing == "root" else [pki.root.crl()]

    failure = refusal(present(make_login(pki, crls=crls), pki.leaf()))

    assert failure.code == "identity.certificate.revocation_unknown"
    assert failure.to_dict()["reason"] == "no_crl"


def test_without_a_crl_the_accepting_policy_lets_the_login_through(pki: Pki) -> None:
    login = make_login(pki, crls=[], revocation=RevocationPolicy.ACCEPT_UNKNOWN)

    assert isinstance(present(login, pki.leaf()), Success)


def test_a_crl_past_its_next_update_is_not_current(pki: Pki) -> None:
    stale = pki.issuing.crl(last_update=NOW - 8 * DAY, next_update=NOW - DAY)
    crls = [pki.root.crl(), stale]

    refused = refusal(present(make_login(pki, crls=crls), pki.leaf()))
    accepted = present(
        make_login(pki, crls=crls, revocation=RevocationPolicy.ACCEPT_UNKNOWN), pki.leaf()
    )

    assert refused.code == "identity.certificate.revocation_unknown"
    assert refused.to_dict()["reason"] == "crl_expired"
    assert isinstance(accepted, Success)


def test_a_stale_crl_still_revokes_what_it_lists(pki: Pki) -> None:
    leaf = pki.leaf()
    stale = pki.issuing.crl(revoked=[leaf], last_update=NOW - 8 * DAY, next_update=NOW - DAY)
    login = make_login(
        pki, crls=[pki.root.crl(), stale], revocation=RevocationPolicy.ACCEPT_UNKNOWN
    )

    assert refusal(present(login, leaf)).code == "identity.certificate.revoked"


def test_a_crl_not_signed_by_the_issuer_is_refused_under_any_policy(pki: Pki) -> None:
    forged = pki.issuing.crl(signer=new_key())

    for revocation in RevocationPolicy:
        login = make_login(pki, crls=[pki.root.crl(), forged], revocation=revocation)
        failure = refusal(present(login, pki.leaf()))
        assert failure.code == "identity.certificate.revocation_unknown"
        assert failure.to_dict()["reason"] == "crl_not_authentic"


def test_crls_are_loaded_from_pem_and_der_files_and_reloaded(
    pki: Pki, tmp_path: pathlib.Path
) -> None:
    leaf = pki.leaf()
    root_file, issuing_file = tmp_path / "root.crl", tmp_path / "issuing.pem"
    root_file.write_bytes(crl_der(pki.root.crl()))
    issuing_file.write_bytes(crl_pem(pki.issuing.crl()) + crl_pem(pki.root.crl()))
    source = FileCrlSource.from_files([root_file, str(issuing_file)])
    login = ClientCertificateLogin(
        ca_bundle=pem(pki.root.certificate, pki.issuing.certificate),
        trusted_proxies=[PROXY],
        crl_source=source,
        clock=SettableClock(NOW),
    )
    assert isinstance(present(login, leaf), Success)

    issuing_file.write_bytes(crl_pem(pki.issuing.crl(revoked=[leaf], last_update=NOW)))
    source.reload()

    assert refusal(present(login, leaf)).code == "identity.certificate.revoked"


def test_an_unreadable_crl_file_is_a_configuration_error(tmp_path: pathlib.Path) -> None:
    garbage = tmp_path / "garbage.crl"
    garbage.write_text("not a CRL")

    with pytest.raises(ConfigurationError, match="crl_files"):
        FileCrlSource.from_files([garbage])
    with pytest.raises(ConfigurationError, match="crl_files: cannot read"):
        FileCrlSource.from_files([tmp_path / "absent.crl"])


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
