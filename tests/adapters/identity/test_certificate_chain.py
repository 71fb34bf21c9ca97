"""``ClientCertificateLogin``: the certificate's chain up to a trusted root.

Unknown authorities and impostor keys, missing intermediates, validity periods of the
leaf and of the intermediates, and what else the chain validator refuses.
"""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID
from returns.result import Success

from formlavoro_adapters.identity.certificates import CertificateExpired

from .certificates_support import (
    FISCAL_CODE,
    NOW,
    YEAR,
    Authority,
    Pki,
    apache_header,
    make_login,
    new_key,
    pem,
    present,
    refusal,
)

DAY = dt.timedelta(days=1)


def _key_id(authority: Authority) -> str:
    """The authority's subject key identifier, as the certificates it issues name it."""
    extension = authority.certificate.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)
    return extension.value.digest.hex().upper()


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
