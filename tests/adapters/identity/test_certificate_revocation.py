"""Revocation of CNS and CIE certificates: which CRLs speak for a certificate, and when.

Issue 9 point 1 (RFC 5280 §5.2.4, §5.2.5, §6.3): a complete CRL that covers the
certificate, with delta CRLs applied on top of their base; nothing else proves that a
certificate is not revoked.
"""

from __future__ import annotations

import datetime as dt
import pathlib

import pytest
from cryptography import x509
from returns.result import Success

from formlavoro_adapters.clock import SettableClock
from formlavoro_adapters.identity.certificates import ClientCertificateLogin
from formlavoro_adapters.identity.crl import CRL_CLOCK_SKEW, FileCrlSource, RevocationPolicy
from formlavoro_core.errors import ConfigurationError

from .certificates_support import (
    NOW,
    PROXY,
    Pki,
    crl_der,
    crl_pem,
    distribution_point,
    make_login,
    new_key,
    partition_scope,
    pem,
    present,
    refusal,
)

DAY = dt.timedelta(days=1)
HOLD = x509.ReasonFlags.certificate_hold
RELEASED = x509.ReasonFlags.remove_from_crl


def revoked(
    pki: Pki, leaf: x509.Certificate, *issuing_crls: x509.CertificateRevocationList
) -> bool:
    """Whether the login refuses ``leaf`` as revoked, with the root's CRL and these."""
    result = present(make_login(pki, crls=[pki.root.crl(), *issuing_crls]), leaf)
    if isinstance(result, Success):
        return False
    assert result.failure().code == "identity.certificate.revoked", result
    return True


def unknown_reason(pki: Pki, leaf: x509.Certificate, *crls: x509.CertificateRevocationList) -> str:
    """The reason of the refusal ``revocation_unknown`` under the default policy."""
    failure = refusal(present(make_login(pki, crls=[pki.root.crl(), *crls]), leaf))
    assert failure.code == "identity.certificate.revocation_unknown", failure
    return str(failure.to_dict()["reason"])


# A complete CRL


def test_a_certificate_listed_in_the_crl_is_revoked(pki: Pki) -> None:
    leaf = pki.leaf()
    login = make_login(pki, crls=[pki.root.crl(), pki.issuing.crl(revoked=[leaf])])

    failure = refusal(present(login, leaf))

    assert failure.code == "identity.certificate.revoked"
    assert failure.to_dict()["depth"] == 0
    assert failure.to_dict()["serial_number"] == f"{leaf.serial_number:X}"
    assert failure.to_dict()["revoked_at"] == (NOW - 2 * DAY).isoformat()


def test_a_revoked_intermediate_revokes_its_leaves(pki: Pki) -> None:
    crls = [pki.root.crl(revoked=[pki.issuing.certificate]), pki.issuing.crl()]

    failure = refusal(present(make_login(pki, crls=crls), pki.leaf()))

    assert failure.code == "identity.certificate.revoked"
    assert failure.to_dict()["depth"] == 1


def test_the_newest_crl_of_an_issuer_is_used(pki: Pki) -> None:
    leaf = pki.leaf()
    older = pki.issuing.crl(last_update=NOW - 3 * DAY)
    newer = pki.issuing.crl(revoked=[leaf], last_update=NOW - DAY)

    assert revoked(pki, leaf, newer, older)


def test_the_crl_number_says_which_crl_is_newest(pki: Pki) -> None:
    leaf = pki.leaf()
    listing = pki.issuing.crl(revoked=[leaf], number=8, last_update=NOW - 3 * DAY)
    newer = pki.issuing.crl(number=9, last_update=NOW - 4 * DAY)

    assert not revoked(pki, leaf, listing, newer)


# Delta CRLs (RFC 5280 §5.2.4)


def test_point1_a_newer_delta_crl_does_not_hide_its_base_that_revokes(pki: Pki) -> None:
    """Issue 9 point 1: the newest CRL is a delta that does not repeat the base's entries."""
    leaf = pki.leaf()
    base = pki.issuing.crl(revoked=[leaf], number=10, last_update=NOW - 2 * DAY)
    delta = pki.issuing.crl(revoked=[pki.leaf()], number=11, delta_of=10, last_update=NOW - DAY)

    assert revoked(pki, leaf, base, delta)


def test_point1_a_delta_crl_revokes_on_top_of_a_base_that_does_not(pki: Pki) -> None:
    """Issue 9 point 1: the delta's entries are added to its base's."""
    leaf = pki.leaf()
    base = pki.issuing.crl(number=10, last_update=NOW - 2 * DAY)
    delta = pki.issuing.crl(revoked=[leaf], number=11, delta_of=10, last_update=NOW - DAY)

    assert revoked(pki, leaf, base, delta)
    assert not revoked(pki, leaf, base)


def test_point1_a_delta_crl_releases_a_certificate_on_hold_in_its_base(pki: Pki) -> None:
    leaf = pki.leaf()
    base = pki.issuing.crl(revoked=[leaf], reason=HOLD, number=10, last_update=NOW - 2 * DAY)
    delta = pki.issuing.crl(
        revoked=[leaf], reason=RELEASED, number=11, delta_of=10, last_update=NOW - DAY
    )

    assert not revoked(pki, leaf, base, delta)
    assert revoked(pki, leaf, base)


def test_point1_a_delta_crl_older_than_its_base_adds_nothing(pki: Pki) -> None:
    leaf = pki.leaf()
    delta = pki.issuing.crl(revoked=[leaf], reason=HOLD, number=9, delta_of=8)
    base = pki.issuing.crl(number=10)

    assert not revoked(pki, leaf, base, delta)


def test_point1_a_delta_crl_alone_proves_nothing(pki: Pki) -> None:
    """Issue 9 point 1: without its base, a delta that does not list the card is no answer."""
    delta = pki.issuing.crl(number=11, delta_of=10)
    login = make_login(
        pki, crls=[pki.root.crl(), delta], revocation=RevocationPolicy.ACCEPT_UNKNOWN
    )

    assert unknown_reason(pki, pki.leaf(), delta) == "crl_not_covering"
    assert isinstance(present(login, pki.leaf()), Success)


# Partitioned CRLs (RFC 5280 §5.2.5)


@pytest.mark.parametrize(
    "scope",
    [partition_scope(only_ca_certs=True), partition_scope(2)],
    ids=["only-ca-certificates", "another-distribution-point"],
)
def test_point1_a_newer_partition_not_covering_the_card_does_not_hide_the_complete_crl(
    pki: Pki, scope: x509.IssuingDistributionPoint
) -> None:
    """Issue 9 point 1: a partitioned CRL that does not cover the card says nothing of it."""
    leaf = pki.leaf(distribution_points=[distribution_point(1)])
    complete = pki.issuing.crl(revoked=[leaf], number=10, last_update=NOW - 2 * DAY)
    partition = pki.issuing.crl(scope=scope, number=11, last_update=NOW - DAY)

    assert revoked(pki, leaf, complete, partition)


@pytest.mark.parametrize(
    "scope",
    [partition_scope(only_ca_certs=True), partition_scope(2), partition_scope(1)],
    ids=["only-ca-certificates", "another-distribution-point", "no-distribution-point"],
)
def test_point1_only_a_partition_not_covering_the_card_is_refused(
    pki: Pki, scope: x509.IssuingDistributionPoint
) -> None:
    """Issue 9 point 1: only another partition's CRL loaded: fail closed."""
    points = [] if scope.full_name == partition_scope(1).full_name else [distribution_point(1)]
    leaf = pki.leaf(distribution_points=points)

    assert unknown_reason(pki, leaf, pki.issuing.crl(scope=scope)) == "crl_not_covering"


def test_point1_the_partition_of_the_cards_distribution_point_covers_it(pki: Pki) -> None:
    leaf = pki.leaf(distribution_points=[distribution_point(2), distribution_point(1)])
    listing = pki.issuing.crl(revoked=[leaf], scope=partition_scope(1, only_user_certs=True))

    assert revoked(pki, leaf, listing)
    assert not revoked(pki, leaf, pki.issuing.crl(scope=partition_scope(1)))


def test_point1_a_partition_of_end_entities_does_not_cover_an_intermediate(pki: Pki) -> None:
    leaf = pki.leaf()
    users_only = pki.root.crl(scope=partition_scope(only_user_certs=True))
    login = make_login(pki, crls=[users_only, pki.issuing.crl()])

    failure = refusal(present(login, leaf))

    assert failure.code == "identity.certificate.revocation_unknown"
    assert failure.to_dict()["depth"] == 1
    assert failure.to_dict()["reason"] == "crl_not_covering"


@pytest.mark.parametrize(
    ("scope", "extensions"),
    [
        (partition_scope(only_some_reasons=frozenset({x509.ReasonFlags.key_compromise})), ()),
        (partition_scope(indirect=True), ()),
        (
            None,
            ((x509.UnrecognizedExtension(x509.ObjectIdentifier("1.3.6.1.4.1.99.9"), b""), True),),
        ),
    ],
    ids=["only-some-reasons", "indirect", "unknown-critical-extension"],
)
def test_point1_a_crl_of_a_scope_the_library_does_not_support_is_not_used(
    pki: Pki,
    scope: x509.IssuingDistributionPoint | None,
    extensions: tuple[tuple[x509.ExtensionType, bool], ...],
) -> None:
    """Issue 9 point 1: what is not supported fails closed, never open."""
    crl = pki.issuing.crl(scope=scope, extensions=extensions)

    assert unknown_reason(pki, pki.leaf(), crl) == "crl_not_covering"


# Time


def test_point1_a_crl_issued_in_the_future_beyond_the_skew_is_refused(pki: Pki) -> None:
    """Issue 9 point 1: a thisUpdate more than CRL_CLOCK_SKEW ahead means a wrong clock."""
    future = pki.issuing.crl(last_update=NOW + CRL_CLOCK_SKEW + dt.timedelta(seconds=1))
    within = pki.issuing.crl(last_update=NOW + CRL_CLOCK_SKEW)

    assert unknown_reason(pki, pki.leaf(), future) == "crl_not_yet_valid"
    assert not revoked(pki, pki.leaf(), within)
    assert dt.timedelta(minutes=5) == CRL_CLOCK_SKEW


def test_point1_a_crl_from_the_future_is_not_skipped_for_an_older_one(pki: Pki) -> None:
    older = pki.issuing.crl(number=1, last_update=NOW - DAY)
    future = pki.issuing.crl(number=2, last_update=NOW + DAY, next_update=NOW + 8 * DAY)

    assert unknown_reason(pki, pki.leaf(), older, future) == "crl_not_yet_valid"


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


def test_a_current_delta_keeps_a_stale_base_current(pki: Pki) -> None:
    base = pki.issuing.crl(number=10, last_update=NOW - 8 * DAY, next_update=NOW - DAY)
    delta = pki.issuing.crl(number=11, delta_of=10)

    assert not revoked(pki, pki.leaf(), base, delta)


def test_a_stale_crl_still_revokes_what_it_lists(pki: Pki) -> None:
    leaf = pki.leaf()
    stale = pki.issuing.crl(revoked=[leaf], last_update=NOW - 8 * DAY, next_update=NOW - DAY)
    login = make_login(
        pki, crls=[pki.root.crl(), stale], revocation=RevocationPolicy.ACCEPT_UNKNOWN
    )

    assert refusal(present(login, leaf)).code == "identity.certificate.revoked"


# Authenticity and sources


def test_a_crl_not_signed_by_the_issuer_is_refused_under_any_policy(pki: Pki) -> None:
    forged = pki.issuing.crl(signer=new_key())

    for revocation in RevocationPolicy:
        login = make_login(pki, crls=[pki.root.crl(), forged], revocation=revocation)
        failure = refusal(present(login, pki.leaf()))
        assert failure.code == "identity.certificate.revocation_unknown"
        assert failure.to_dict()["reason"] == "crl_not_authentic"


def test_a_forged_crl_next_to_an_authentic_one_is_ignored(pki: Pki) -> None:
    leaf = pki.leaf()
    forged = pki.issuing.crl(signer=new_key(), number=99, last_update=NOW)
    authentic = pki.issuing.crl(revoked=[leaf], number=1)

    assert revoked(pki, leaf, forged, authentic)


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


def test_point1_a_distribution_point_named_relative_to_the_issuer_is_matched(pki: Pki) -> None:
    """RFC 5280 §5.2.5: a relative name is appended to the CRL issuer's name."""
    relative = x509.RelativeDistinguishedName(
        [x509.NameAttribute(x509.NameOID.COMMON_NAME, "Partition 1")]
    )
    point = x509.DistributionPoint(
        full_name=None, relative_name=relative, reasons=None, crl_issuer=None
    )
    leaf = pki.leaf(distribution_points=[point])
    scope = x509.IssuingDistributionPoint(
        full_name=None,
        relative_name=relative,
        only_contains_user_certs=False,
        only_contains_ca_certs=False,
        only_some_reasons=None,
        indirect_crl=False,
        only_contains_attribute_certs=False,
    )

    assert revoked(pki, leaf, pki.issuing.crl(revoked=[leaf], scope=scope))
    assert unknown_reason(pki, pki.leaf(), pki.issuing.crl(scope=scope)) == "crl_not_covering"
