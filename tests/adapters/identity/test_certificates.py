"""``ClientCertificateLogin``: CNS and CIE client certificates forwarded by a proxy.

The certificates it accepts, and its configuration. How the certificate reaches it
through the proxy is in ``test_certificate_forwarding``, the chain's checks in
``test_certificate_chain``, the leaf's contents in ``test_certificate_contents`` and
revocation in ``test_certificate_revocation``.
"""

from __future__ import annotations

import pathlib
from typing import Any
from urllib.parse import quote

import pytest
from returns.result import Success

from formlavoro_adapters.clock import SettableClock
from formlavoro_adapters.identity.certificates import (
    CIE_POLICY,
    CNS_POLICY,
    AcceptedPolicy,
    ClientCertificateLogin,
    HeaderNames,
)
from formlavoro_adapters.identity.crl import FileCrlSource
from formlavoro_core.errors import ConfigurationError
from formlavoro_core.identity.methods import LoginMethod

from .certificates_support import (
    CIE_OID,
    FISCAL_CODE,
    NOW,
    PROXY,
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
