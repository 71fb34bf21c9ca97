"""SEC-2: the rules of regional passwords, after NIST SP 800-63B, through the use cases."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from returns.result import Result

from formlavoro_adapters import ScryptPasswordHasher, bootstrap
from formlavoro_core.config import PortalConfig
from formlavoro_core.errors import DomainError
from formlavoro_core.identity.failures import PasswordRejected
from formlavoro_core.identity.password_policy import COMMON_PASSWORDS, PasswordPolicy
from formlavoro_core.identity.services import RegionalRegistration
from formlavoro_core.ids import AccountId
from formlavoro_core.principals import ANONYMOUS
from formlavoro_core.values import EmailAddress
from tests.support import ANNA, ROME, World, failure, ok, world

START = dt.datetime(2021, 2, 1, 10, 0, tzinfo=ROME)
COMMON = "it is one of the most commonly used passwords"
MONOTONOUS = "it repeats one character or runs through a sequence"
PERSONAL = "it contains your username, your name, your fiscal code or the portal's name"


def _register(w: World, password: str) -> Result[AccountId, DomainError]:
    registration = RegionalRegistration(
        fiscal_code=ANNA,
        given_name="Anna",
        family_name="Bianchi",
        email=EmailAddress("anna.bianchi@example.it"),
        username="annab",
        password=password,
    )
    return w.portal.identity.register_regional(ANONYMOUS, registration, consent=w.consent())


def _rejection(password: str) -> str:
    error = failure(_register(world(start=START), password))
    assert isinstance(error, PasswordRejected)
    return error.reason


@pytest.mark.parametrize(
    "password",
    [
        "tramonto sul porto",  # spaces are characters like any other
        "unicorno",  # eight lower-case letters: no composition rules
        "🌊🌊🐟 mare di Genova 🐟",  # emoji and accents count
        "x" * 3 + "Genova-Brignole-1853" * 3,
        "z" * 50 + "q" * 14,  # 64 characters, more than one repeated character
        "P" + "a" * 1000 + "ss",  # long passphrases are welcome, up to 1,024
    ],
)
def test_sec_2_long_and_plain_passwords_are_accepted_without_composition_rules(
    password: str,
) -> None:
    w = world(start=START)
    ok(_register(w, password))
    ok(
        w.portal.identity.login_regional(
            ANONYMOUS, username="annab", password=password, consent=w.consent(), source="192.0.2.1"
        )
    )


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("corto", "use at least 8 characters"),
        ("a" * 1025, "use at most 1024 characters"),
        (" " * 12, "it is only blanks"),
        ("password1", COMMON),
        ("PassWord1", COMMON),
        ("ｐａｓｓｗｏｒｄ１", COMMON),  # noqa: RUF001 - full-width forms fold to "password1"
        ("juventus", COMMON),
        ("aaaaaaaaaaaa", MONOTONOUS),
        ("23456789", MONOTONOUS),
        ("ponmlkji", MONOTONOUS),
        ("abcdefghij", MONOTONOUS),
        ("98765432", MONOTONOUS),
        ("annab-la-mia-password", PERSONAL),
        ("sono Anna BIANCHI", PERSONAL),
        ("bianchi 2021 !", PERSONAL),
        (str(ANNA).lower() + "x", PERSONAL),
        ("formazionelavoro!", PERSONAL),
    ],
)
def test_sec_2_guessable_passwords_are_refused_with_the_reason(password: str, reason: str) -> None:
    assert _rejection(password) == reason


def test_sec_2_a_refused_registration_stores_nothing() -> None:
    w = world(start=START)
    before = w.storage.dump()
    failure(_register(w, "password1"))
    assert w.storage.dump() == before


def test_sec_2_passwords_are_compared_after_nfkc_normalisation() -> None:
    w = world(start=START)
    ok(_register(w, "ｃａｍｍｉｎｏ ｌｕｎｇｏ"))  # noqa: RUF001 - full width, on purpose
    login = w.portal.identity.login_regional(
        ANONYMOUS,
        username="annab",
        password="cammino lungo",
        consent=w.consent(),
        source="192.0.2.1",
    )
    ok(login)


def test_sec_2_the_blocklist_is_a_port_a_portal_can_replace() -> None:
    base = world(start=START)
    portal = bootstrap(
        config=PortalConfig(timezone=ROME),
        storage=base.storage,
        clock=base.clock,
        passwords=ScryptPasswordHasher(log2_n=4),
        reference=base.portal.reference,
        blocklist=frozenset({"liguria mare"}),
    )
    w = attrs.evolve(base, portal=portal)
    assert failure(_register(w, "Liguria Mare")) == PasswordRejected(reason=COMMON)
    ok(_register(w, "password1"))  # this portal's list does not hold it


def test_sec_2_the_built_in_list_is_normalised_and_the_shipped_one_much_longer() -> None:
    from formlavoro_adapters.identity.blocklist import common_passwords  # noqa: PLC0415

    shipped = common_passwords()
    assert shipped >= COMMON_PASSWORDS
    assert len(shipped) > 10_000
    assert all(entry == entry.casefold() and len(entry) >= 8 for entry in shipped)
    assert PasswordPolicy(blocklist=shipped).problem("liverpool", context=()) is not None
