"""Consents and login by SPID, CIE and CNS (ID-1, ID-2, ID-6)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest

from formlavoro_core.config import PortalConfig
from formlavoro_core.identity.assertion import IdentityAssertion
from formlavoro_core.identity.failures import ConsentRequired, OutdatedNotices
from formlavoro_core.identity.methods import LoginMethod
from formlavoro_core.identity.model import Notice
from formlavoro_core.principals import ANONYMOUS
from tests.support import ANNA, MARIO, ROME, START, failure, ok, world


def _assertion(method: LoginMethod = LoginMethod.SPID, **changes: Any) -> IdentityAssertion:
    base = IdentityAssertion(
        method=method, fiscal_code=ANNA, given_name="Anna", family_name="Rossi", email=None
    )
    return attrs.evolve(base, **changes)


def test_id_1_login_without_accepting_the_notices_is_refused_and_stores_nothing() -> None:
    """ID-1: login without accepting the notices is refused and stores nothing."""
    w = world()
    before = w.storage.dump()
    error = failure(w.portal.identity.login(ANONYMOUS, _assertion(), consent=None))
    assert error == ConsentRequired()
    assert error.code == "identity.login.consent_required"
    assert w.storage.dump() == before


def test_id_1_accepting_outdated_versions_is_refused_with_the_current_ones() -> None:
    """ID-1: accepting outdated versions is refused with the current ones."""
    w = world(PortalConfig(timezone=ROME, privacy_notice_version="2024-05"))
    error = failure(
        w.portal.identity.accept_notices(
            ANONYMOUS, privacy_notice_version="2023-01", citizen_regulation_version="1"
        )
    )
    assert error == OutdatedNotices(
        privacy_notice_version="2024-05", citizen_regulation_version="1"
    )


def test_id_1_a_receipt_for_older_notices_cannot_log_in() -> None:
    """ID-1: a receipt for older notices cannot log in."""
    old = world(PortalConfig(timezone=ROME, citizen_regulation_version="1"))
    receipt = old.consent()
    new = world(PortalConfig(timezone=ROME, citizen_regulation_version="2"))
    error = failure(new.portal.identity.login(ANONYMOUS, _assertion(), consent=receipt))
    assert error.code == "identity.consent.outdated"


def test_id_1_the_acceptance_is_recorded_with_versions_and_time() -> None:
    """ID-1: the acceptance is recorded with versions and time."""
    w = world(
        PortalConfig(timezone=ROME, privacy_notice_version="7", citizen_regulation_version="3")
    )
    signed_in = ok(w.portal.identity.login(ANONYMOUS, _assertion(), consent=w.consent()))
    account = w.storage.dump()["account"][signed_in.principal.account_id]
    recorded = {(c.notice, c.version, c.accepted_at) for c in account.consents}
    assert recorded == {
        (Notice.PRIVACY_NOTICE, "7", START),
        (Notice.CITIZEN_REGULATION, "3", START),
    }


def test_id_1_logging_in_again_does_not_duplicate_the_same_acceptance() -> None:
    """ID-1: logging in again does not duplicate the same acceptance."""
    w = world()
    first = w.login()
    w.clock.advance(dt.timedelta(days=1))
    w.login()
    account = w.storage.dump()["account"][first.account_id]
    assert len(account.consents) == 2


@pytest.mark.parametrize("method", [LoginMethod.SPID, LoginMethod.CIE, LoginMethod.CNS])
def test_id_2_first_login_creates_the_account_from_the_assertion(method: LoginMethod) -> None:
    """ID-2: first login creates the account from the assertion."""
    w = world()
    signed_in = ok(
        w.portal.identity.login(
            ANONYMOUS, _assertion(method, email="anna@example.it"), consent=w.consent()
        )
    )
    assert signed_in.first_login
    assert signed_in.onboarding_pending
    assert signed_in.method is method
    account = w.storage.dump()["account"][signed_in.principal.account_id]
    assert (account.fiscal_code, account.given_name, account.email) == (
        ANNA,
        "Anna",
        "anna@example.it",
    )


def test_id_2_one_citizen_is_one_account_whatever_the_method() -> None:
    """ID-2: one citizen is one account whatever the method."""
    w = world()
    principals = {
        ok(w.portal.identity.login(ANONYMOUS, _assertion(method), consent=w.consent())).principal
        for method in (LoginMethod.SPID, LoginMethod.CIE, LoginMethod.CNS, LoginMethod.SPID)
    }
    assert len(principals) == 1
    accounts = w.storage.dump()["account"]
    assert len(accounts) == 1
    (account,) = accounts.values()
    assert account.methods_used == (LoginMethod.SPID, LoginMethod.CIE, LoginMethod.CNS)


def test_id_2_different_fiscal_codes_are_different_accounts() -> None:
    """ID-2: different fiscal codes are different accounts."""
    w = world()
    assert w.login(ANNA) != w.login(MARIO)


def test_id_2_later_logins_are_not_first_logins_and_fill_a_missing_email() -> None:
    """ID-2: later logins are not first logins and fill a missing email."""
    w = world()
    ok(w.portal.identity.login(ANONYMOUS, _assertion(), consent=w.consent()))
    again = ok(
        w.portal.identity.login(
            ANONYMOUS, _assertion(LoginMethod.CIE, email="late@example.it"), consent=w.consent()
        )
    )
    assert not again.first_login
    account = w.storage.dump()["account"][again.principal.account_id]
    assert account.email == "late@example.it"


def test_id_6_regional_credentials_are_not_an_identity_assertion() -> None:
    """ID-6: regional credentials are not an identity assertion."""
    with pytest.raises(ValueError, match="not an identity assertion"):
        _assertion(LoginMethod.REGIONAL)


@pytest.mark.parametrize("name", ["", "   ", "x" * 201])
def test_id_6_an_assertion_needs_real_names(name: str) -> None:
    """ID-6: an identity provider's empty or overlong name cannot seed an account."""
    with pytest.raises(ValueError, match="1 to 200 characters"):
        _assertion(given_name=name)
