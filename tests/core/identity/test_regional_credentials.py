"""Regional username-and-password credentials and their two dates (ID-3, ID-4)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest
from returns.result import Result

from formlavoro_adapters import ScryptPasswordHasher
from formlavoro_adapters.sealing import HmacSealer
from formlavoro_core.config import PortalConfig
from formlavoro_core.errors import DomainError
from formlavoro_core.identity.failures import (
    AccountExists,
    InvalidCredentials,
    PasswordRejected,
    RegionalCredentialsRetired,
    SelfRegistrationClosed,
    UsernameRejected,
)
from formlavoro_core.identity.methods import LoginMethod
from formlavoro_core.identity.model import RegionalCredentialsPolicy
from formlavoro_core.identity.services import RegionalRegistration, SignedIn
from formlavoro_core.principals import ANONYMOUS
from formlavoro_core.values import EmailAddress
from tests.support import ANNA, MARIO, ROME, SECRET_KEY, CountingHasher, World, failure, ok, world

BEFORE_CLOSURE = dt.datetime(2021, 2, 1, 10, 0, tzinfo=ROME)


def _registration(**changes: Any) -> RegionalRegistration:
    base = RegionalRegistration(
        fiscal_code=ANNA,
        given_name="Anna",
        family_name="Rossi",
        email=EmailAddress("anna.rossi@example.it"),
        username="Anna.Rossi",
        password="una password lunga",
    )
    return attrs.evolve(base, **changes)


def _registered(start: dt.datetime = BEFORE_CLOSURE) -> World:
    w = world(start=start)
    ok(w.portal.identity.register_regional(ANONYMOUS, _registration(), consent=w.consent()))
    return w


PASSWORD = "una password lunga"


def _login(
    w: World, username: str = "anna.rossi", password: str = PASSWORD
) -> Result[SignedIn, DomainError]:
    return w.portal.identity.login_regional(
        ANONYMOUS, username=username, password=password, consent=w.consent(), source="192.0.2.1"
    )


def test_id_3_self_registration_is_closed_from_28_february_2021_in_rome() -> None:
    """ID-3: self registration is closed from 28 february 2021 in rome."""
    last_open = dt.datetime(2021, 2, 27, 23, 59, tzinfo=ROME)
    closed = dt.datetime(2021, 2, 28, 0, 0, tzinfo=ROME)
    assert closed.astimezone(dt.UTC).day == 27  # still the 27th in UTC: the zone decides
    w = world(start=last_open)
    ok(w.portal.identity.register_regional(ANONYMOUS, _registration(), consent=w.consent()))
    w = world(start=closed)
    error = failure(
        w.portal.identity.register_regional(ANONYMOUS, _registration(), consent=w.consent())
    )
    assert error == SelfRegistrationClosed(closed_from=dt.date(2021, 2, 28))
    assert "SPID, CIE o CNS" in error.message  # the portal speaks Italian


def test_id_3_existing_credentials_log_in_up_to_and_including_30_september_2021() -> None:
    """ID-3: existing credentials log in up to and including 30 september 2021."""
    w = _registered()
    w.clock.set(dt.datetime(2021, 9, 30, 23, 59, 59, tzinfo=ROME))
    signed_in = ok(_login(w))
    assert signed_in.method is LoginMethod.REGIONAL
    w.clock.set(dt.datetime(2021, 10, 1, 0, 0, tzinfo=ROME))
    error = failure(_login(w))
    assert error == RegionalCredentialsRetired(last_day=dt.date(2021, 9, 30))
    assert error.code == "identity.regional.retired"
    assert "SPID, CIE o CNS" in error.message  # the portal speaks Italian


def test_id_3_the_two_dates_are_configuration() -> None:
    """ID-3: the two dates are configuration."""
    policy = RegionalCredentialsPolicy(
        self_registration_closed_from=dt.date(2030, 1, 1), login_allowed_until=dt.date(2031, 1, 1)
    )
    w = world(
        PortalConfig(timezone=ROME, regional_credentials=policy),
        start=dt.datetime(2029, 6, 1, tzinfo=ROME),
    )
    ok(w.portal.identity.register_regional(ANONYMOUS, _registration(), consent=w.consent()))
    w.clock.set(dt.datetime(2030, 12, 31, 12, tzinfo=ROME))
    ok(_login(w))


def test_id_3_wrong_password_and_unknown_username_get_the_same_answer() -> None:
    """ID-3: wrong password and unknown username get the same answer."""
    w = _registered()
    assert failure(_login(w, password="sbagliata!!")) == InvalidCredentials()
    assert failure(_login(w, username="nessuno")) == InvalidCredentials()


def test_id_3_unknown_usernames_cost_one_verification_like_known_ones() -> None:
    """ID-3: unknown usernames cost one verification like known ones."""
    from formlavoro_adapters import bootstrap  # noqa: PLC0415

    base = _registered()
    hasher = CountingHasher()
    portal = bootstrap(
        config=base.portal.config,
        storage=base.storage,
        clock=base.clock,
        passwords=hasher,
        reference=base.portal.reference,
    )
    w = attrs.evolve(base, portal=portal)
    failure(_login(w, password="sbagliata!!"))
    assert hasher.verifications == 1
    failure(_login(w, username="nessuno"))
    assert hasher.verifications == 2


def test_id_3_login_is_case_insensitive_on_the_username() -> None:
    """ID-3: login is case insensitive on the username."""
    w = _registered()
    ok(_login(w, username="  ANNA.Rossi "))


def test_id_3_a_hash_with_old_parameters_is_replaced_on_login() -> None:
    """ID-3: a hash with old parameters is replaced on login."""
    w = _registered()
    from formlavoro_adapters import bootstrap  # noqa: PLC0415

    stronger = ScryptPasswordHasher(log2_n=5)
    portal = bootstrap(
        config=w.portal.config,
        storage=w.storage,
        clock=w.clock,
        passwords=stronger,
        reference=w.portal.reference,
        sealer=HmacSealer(SECRET_KEY),  # one portal secret, as across a restart
    )
    before = next(iter(w.storage.dump()["account"].values())).regional.password_hash
    ok(
        portal.identity.login_regional(
            ANONYMOUS,
            username="anna.rossi",
            password="una password lunga",
            consent=w.consent(),
            source="192.0.2.1",
        )
    )
    after = next(iter(w.storage.dump()["account"].values())).regional.password_hash
    assert before.startswith("scrypt$4$")
    assert after.startswith("scrypt$5$")
    assert stronger.verify(after, "una password lunga")


def test_id_3_registration_refuses_an_existing_citizen_or_username() -> None:
    """ID-3: registration refuses an existing citizen or username."""
    w = _registered()
    error = failure(
        w.portal.identity.register_regional(ANONYMOUS, _registration(), consent=w.consent())
    )
    assert error == AccountExists()
    error = failure(
        w.portal.identity.register_regional(
            ANONYMOUS, _registration(fiscal_code=MARIO), consent=w.consent()
        )
    )
    assert error == UsernameRejected(reason="it is taken")


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"username": "a!"}, "identity.register.username_rejected"),
        ({"password": "short"}, "identity.password.rejected"),
        ({"password": " " * 12}, "identity.password.rejected"),
        ({"email": "not-an-email"}, "input.invalid"),
        ({"given_name": "  "}, "input.invalid"),
    ],
)
def test_id_3_bad_registrations_are_refused_and_store_nothing(
    changes: dict[str, Any], code: str
) -> None:
    """ID-3: bad registrations are refused and store nothing."""
    w = world(start=BEFORE_CLOSURE)
    before = w.storage.dump()
    result = w.portal.identity.register_regional(
        ANONYMOUS, _registration(**changes), consent=w.consent()
    )
    assert failure(result).code == code
    assert w.storage.dump() == before


def test_id_3_registration_needs_the_consent_receipt() -> None:
    """ID-3: registration needs the consent receipt."""
    w = world(start=BEFORE_CLOSURE)
    result = w.portal.identity.register_regional(ANONYMOUS, _registration(), consent=None)
    assert failure(result).code == "identity.login.consent_required"


def test_id_3_passwords_are_stored_only_as_hashes() -> None:
    """ID-3: passwords are stored only as hashes."""
    w = _registered()
    account = next(iter(w.storage.dump()["account"].values()))
    assert account.regional is not None
    assert "una password lunga" not in repr(account)
    assert account.regional.password_hash.startswith("scrypt$")
    assert "password lunga" not in repr(_registration())


def test_password_rules_count_characters_after_nfkc_normalisation() -> None:
    w = world(start=BEFORE_CLOSURE)
    ligatures = "\ufb01" * 4  # four "fi" ligatures: 4 characters, 8 once normalised
    ok(
        w.portal.identity.register_regional(
            ANONYMOUS, _registration(password=ligatures), consent=w.consent()
        )
    )
    ok(_login(w, password="fi" * 4))
    seven = failure(
        w.portal.identity.register_regional(
            ANONYMOUS,
            _registration(fiscal_code=MARIO, username="mario", password="x" * 7),
            consent=w.consent(),
        )
    )
    assert seven == PasswordRejected(reason="use at least 8 characters")
