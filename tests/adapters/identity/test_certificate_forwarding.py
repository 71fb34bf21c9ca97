"""``ClientCertificateLogin``: how the certificate reaches it through the proxy.

The forwarded values (nginx's escaped PEM, Apache's one-line PEM, plain PEM), and the
proxy: only trusted addresses may forward a certificate, and only with its verdict of
success.
"""

from __future__ import annotations

import pytest
from returns.result import Success

from formlavoro_adapters.identity.certificates import (
    CertificateMissing,
    read_forwarded_certificates,
)

from .certificates_support import (
    FISCAL_CODE,
    PROXY,
    Pki,
    apache_header,
    make_login,
    nginx_header,
    pem,
    present,
    refusal,
)

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
